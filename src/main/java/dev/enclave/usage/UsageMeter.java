package dev.enclave.usage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

import dev.enclave.events.DomainEvent;
import dev.enclave.events.consume.EventConsumers;

/**
 * Meters a tenant's members, projects, documents and stored bytes from its domain events. Each event is compared
 * with the last state seen of its aggregate (version-guarded), so an event that arrives late never undoes a newer
 * one, and turned into a delta of the tenant's counters; one increment per batch.
 */
@ApplicationScoped
class UsageMeter {

    static final String CONSUMER = "usage-meter";
    static final String MEMBER = "member";
    static final String PROJECT = "project";
    static final String DOCUMENT = "document";

    private final EventConsumers consumers;
    private final UsageRepository repository;

    UsageMeter(EventConsumers consumers, UsageRepository repository) {
        this.consumers = consumers;
        this.repository = repository;
    }

    void start(@Observes StartupEvent event) {
        consumers.start(CONSUMER, this::apply);
    }

    void apply(List<DomainEvent> events) {
        Map<UsageItemEntity.Key, UsageItemEntity> items = load(events);
        UsageDelta delta = new UsageDelta();
        for (DomainEvent event : events) {
            delta.events++;
            String kind = event.aggregateType();
            if (!kind.equals(MEMBER) && !kind.equals(PROJECT) && !kind.equals(DOCUMENT)) {
                continue;
            }
            UsageItemEntity.Key key = new UsageItemEntity.Key(kind, event.aggregateId());
            UsageItemEntity item = items.get(key);
            if (item != null && item.version >= event.aggregateVersion()) {
                continue; // older than what we have (or the same): nothing to change
            }
            boolean wasLive = item != null && item.live;
            long wasBytes = wasLive ? item.sizeBytes : 0;
            boolean isNew = item == null;
            if (isNew) {
                item = new UsageItemEntity();
                item.key = key;
                items.put(key, item);
            }
            item.version = event.aggregateVersion();
            item.live = !event.deletes();
            item.sizeBytes = item.live && kind.equals(DOCUMENT) ? Math.max(0, event.data().path("sizeBytes").asLong(0)) : 0;
            if (isNew) {
                repository.persist(item);
            }
            delta.count(kind, (item.live ? 1 : 0) - (wasLive ? 1 : 0));
            delta.storedBytes += item.sizeBytes - wasBytes;
        }
        repository.add(delta);
    }

    private Map<UsageItemEntity.Key, UsageItemEntity> load(List<DomainEvent> events) {
        Map<String, List<UUID>> byKind = new HashMap<>();
        for (DomainEvent event : events) {
            byKind.computeIfAbsent(event.aggregateType(), k -> new ArrayList<>()).add(event.aggregateId());
        }
        Map<UsageItemEntity.Key, UsageItemEntity> items = new HashMap<>();
        byKind.forEach((kind, ids) -> items.putAll(repository.items(kind, ids)));
        return items;
    }
}
