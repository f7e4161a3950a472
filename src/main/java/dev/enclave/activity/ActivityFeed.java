package dev.enclave.activity;

import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;

import dev.enclave.events.DeletedDocument;
import dev.enclave.events.DeletedMember;
import dev.enclave.events.DeletedProject;
import dev.enclave.events.DocumentSnapshot;
import dev.enclave.events.DomainEvent;
import dev.enclave.events.EventType;
import dev.enclave.events.MemberSnapshot;
import dev.enclave.events.ProjectSnapshot;
import dev.enclave.events.SettingsSnapshot;
import dev.enclave.events.consume.EventConsumers;
import dev.enclave.events.consume.EventHandlers;
import dev.enclave.platform.Cursor;
import dev.enclave.platform.PageResponse;

/** The activity feed: written from the tenant's domain events, read by its members. */
@ApplicationScoped
class ActivityFeed {

    static final String CONSUMER = "activity-feed";
    private static final int MAX_LABEL = 500;

    private final EventConsumers consumers;
    private final ActivityRepository entries;
    private final EventHandlers<ActivityEntity> handlers;

    ActivityFeed(EventConsumers consumers, ActivityRepository entries, ObjectMapper json) {
        this.consumers = consumers;
        this.entries = entries;
        this.handlers = EventHandlers.<ActivityEntity>of(json)
                .on(EventType.MEMBER_CREATED, this::member)
                .on(EventType.MEMBER_UPDATED, this::member)
                .on(EventType.MEMBER_DELETED, this::memberDeleted)
                .on(EventType.PROJECT_CREATED, this::project)
                .on(EventType.PROJECT_UPDATED, this::project)
                .on(EventType.PROJECT_DELETED, this::projectDeleted)
                .on(EventType.DOCUMENT_CREATED, this::document)
                .on(EventType.DOCUMENT_UPDATED, this::document)
                .on(EventType.DOCUMENT_DELETED, this::documentDeleted)
                .on(EventType.SETTINGS_CHANGED, this::settings)
                .otherwise(event -> entry(event, null));
    }

    void start(@Observes StartupEvent event) {
        consumers.start(CONSUMER, handlers, made -> made.forEach(entries::persist));
    }

    ActivityEntity member(DomainEvent event, MemberSnapshot member) {
        return entry(event, member.displayName());
    }

    ActivityEntity memberDeleted(DomainEvent event, DeletedMember member) {
        return entry(event, null);
    }

    ActivityEntity project(DomainEvent event, ProjectSnapshot project) {
        return entry(event, project.name());
    }

    ActivityEntity projectDeleted(DomainEvent event, DeletedProject project) {
        return entry(event, null);
    }

    ActivityEntity document(DomainEvent event, DocumentSnapshot document) {
        return entry(event, document.title());
    }

    ActivityEntity documentDeleted(DomainEvent event, DeletedDocument document) {
        return entry(event, null);
    }

    ActivityEntity settings(DomainEvent event, SettingsSnapshot settings) {
        return entry(event, settings.displayName());
    }

    @Transactional
    PageResponse<ActivityResponse> page(Cursor.Position before, int limit) {
        var rows = entries.page(before, limit + 1).stream().map(ActivityResponse::of).toList();
        return PageResponse.of(rows, limit, a -> Cursor.encode(new Cursor.Position(a.occurredAt().toInstant(), a.eventId())));
    }

    /** One entry; the label is what the event is about (a document's title, ...), none for deletions. */
    private static ActivityEntity entry(DomainEvent event, String label) {
        ActivityEntity entry = new ActivityEntity();
        entry.eventId = event.eventId();
        entry.occurredAt = event.occurredAt().atOffset(ZoneOffset.UTC);
        entry.type = event.type();
        entry.aggregateType = event.aggregateType();
        entry.aggregateId = event.aggregateId();
        entry.aggregateVersion = event.aggregateVersion();
        entry.actor = event.actor();
        entry.label = label == null || label.isBlank() ? null : label.length() > MAX_LABEL ? label.substring(0, MAX_LABEL) : label;
        return entry;
    }
}
