package dev.enclave.usage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;

import dev.enclave.events.Aggregate;
import dev.enclave.events.DeletedDocument;
import dev.enclave.events.DeletedMember;
import dev.enclave.events.DeletedProject;
import dev.enclave.events.DocumentSnapshot;
import dev.enclave.events.DomainEvent;
import dev.enclave.events.EventType;
import dev.enclave.events.MemberSnapshot;
import dev.enclave.events.ProjectSnapshot;
import dev.enclave.events.consume.EventConsumers;
import dev.enclave.events.consume.EventHandlers;

/**
 * Meters a tenant's members, projects, documents and stored bytes from its domain events. Each event is compared
 * with the last state seen of its aggregate (version-guarded), so an event that arrives late never undoes a newer
 * one, and turned into a delta of the tenant's counters; one increment per batch.
 */
@ApplicationScoped
class UsageMeter {

    static final String CONSUMER = "usage-meter";
    static final String MEMBER = Aggregate.MEMBER.wireName();
    static final String PROJECT = Aggregate.PROJECT.wireName();
    static final String DOCUMENT = Aggregate.DOCUMENT.wireName();

    /** What one event says of its aggregate; {@code kind} null: an event that changes no counter. */
    record Observed(String kind, UUID id, long version, boolean live, long sizeBytes) {
    }

    private static final Observed NOTHING = new Observed(null, null, 0, false, 0);

    private final EventConsumers consumers;
    private final UsageRepository repository;
    private final EventHandlers<Observed> handlers;

    UsageMeter(EventConsumers consumers, UsageRepository repository, ObjectMapper json) {
        this.consumers = consumers;
        this.repository = repository;
        this.handlers = EventHandlers.<Observed>of(json)
                .on(EventType.MEMBER_CREATED, this::member)
                .on(EventType.MEMBER_UPDATED, this::member)
                .on(EventType.MEMBER_DELETED, this::memberDeleted)
                .on(EventType.PROJECT_CREATED, this::project)
                .on(EventType.PROJECT_UPDATED, this::project)
                .on(EventType.PROJECT_DELETED, this::projectDeleted)
                .on(EventType.DOCUMENT_CREATED, this::document)
                .on(EventType.DOCUMENT_UPDATED, this::document)
                .on(EventType.DOCUMENT_DELETED, this::documentDeleted)
                .otherwise(event -> NOTHING);
    }

    void start(@Observes StartupEvent event) {
        consumers.start(CONSUMER, handlers, this::apply);
    }

    Observed member(DomainEvent event, MemberSnapshot member) {
        return new Observed(MEMBER, event.aggregateId(), event.aggregateVersion(), true, 0);
    }

    Observed memberDeleted(DomainEvent event, DeletedMember member) {
        return new Observed(MEMBER, event.aggregateId(), event.aggregateVersion(), false, 0);
    }

    Observed project(DomainEvent event, ProjectSnapshot project) {
        return new Observed(PROJECT, event.aggregateId(), event.aggregateVersion(), true, 0);
    }

    Observed projectDeleted(DomainEvent event, DeletedProject project) {
        return new Observed(PROJECT, event.aggregateId(), event.aggregateVersion(), false, 0);
    }

    Observed document(DomainEvent event, DocumentSnapshot document) {
        return new Observed(DOCUMENT, event.aggregateId(), event.aggregateVersion(), true, Math.max(0, document.sizeBytes()));
    }

    Observed documentDeleted(DomainEvent event, DeletedDocument document) {
        return new Observed(DOCUMENT, event.aggregateId(), event.aggregateVersion(), false, 0);
    }

    /**
     * One batch: each aggregate's newer state changes the tenant's counters, and is counted as an event. An event
     * not newer than what we have is neither: every genuine event has a new version (deleted: last + 1), so such an
     * event is a replay (a genuine record sent again after its event id was purged from the de-duplication table).
     * Events without a metered aggregate (settings) are counted; their event id is their only de-duplication.
     */
    void apply(List<Observed> batch) {
        Map<UsageItemEntity.Key, UsageItemEntity> items = load(batch);
        UsageDelta delta = new UsageDelta();
        for (Observed seen : batch) {
            if (seen.kind() == null) {
                delta.events++;
                continue;
            }
            UsageItemEntity.Key key = new UsageItemEntity.Key(seen.kind(), seen.id());
            UsageItemEntity item = items.get(key);
            if (item != null && item.version >= seen.version()) {
                continue; // older than what we have (or the same): a replay, nothing to change or count
            }
            delta.events++;
            boolean wasLive = item != null && item.live;
            boolean isNew = item == null;
            if (isNew) {
                item = new UsageItemEntity();
                item.key = key;
                items.put(key, item);
            }
            item.version = seen.version();
            item.live = seen.live();
            item.sizeBytes = seen.sizeBytes();
            if (isNew) {
                repository.persist(item);
            }
            delta.count(seen.kind(), (item.live ? 1 : 0) - (wasLive ? 1 : 0));
        }
        repository.add(delta);
    }

    private Map<UsageItemEntity.Key, UsageItemEntity> load(List<Observed> batch) {
        Map<String, List<UUID>> byKind = new HashMap<>();
        for (Observed seen : batch) {
            if (seen.kind() != null) {
                byKind.computeIfAbsent(seen.kind(), k -> new ArrayList<>()).add(seen.id());
            }
        }
        Map<UsageItemEntity.Key, UsageItemEntity> items = new HashMap<>();
        byKind.forEach((kind, ids) -> items.putAll(repository.items(kind, ids)));
        return items;
    }
}
