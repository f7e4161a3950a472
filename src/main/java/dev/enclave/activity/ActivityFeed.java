package dev.enclave.activity;

import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.StartupEvent;

import dev.enclave.events.DomainEvent;
import dev.enclave.events.consume.EventConsumers;
import dev.enclave.platform.Cursor;
import dev.enclave.platform.PageResponse;

/** The activity feed: written from the tenant's domain events, read by its members. */
@ApplicationScoped
class ActivityFeed {

    static final String CONSUMER = "activity-feed";
    private static final int MAX_LABEL = 500;

    private final EventConsumers consumers;
    private final ActivityRepository entries;

    ActivityFeed(EventConsumers consumers, ActivityRepository entries) {
        this.consumers = consumers;
        this.entries = entries;
    }

    void start(@Observes StartupEvent event) {
        consumers.start(CONSUMER, this::record);
    }

    void record(List<DomainEvent> events) {
        for (DomainEvent event : events) {
            ActivityEntity entry = new ActivityEntity();
            entry.eventId = event.eventId();
            entry.occurredAt = event.occurredAt().atOffset(ZoneOffset.UTC);
            entry.type = event.type();
            entry.aggregateType = event.aggregateType();
            entry.aggregateId = event.aggregateId();
            entry.aggregateVersion = event.aggregateVersion();
            entry.actor = event.actor();
            entry.label = label(event.data());
            entries.persist(entry);
        }
    }

    @Transactional
    PageResponse<ActivityResponse> page(Cursor.Position before, int limit) {
        var rows = entries.page(before, limit + 1).stream().map(ActivityResponse::of).toList();
        return PageResponse.of(rows, limit, a -> Cursor.encode(new Cursor.Position(a.occurredAt().toInstant(), a.eventId())));
    }

    /** A document's title, a project's name, a member's display name; none for deletions. */
    private static String label(JsonNode data) {
        for (String field : new String[] { "title", "name", "displayName" }) {
            JsonNode value = data.get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                String text = value.asText();
                return text.length() > MAX_LABEL ? text.substring(0, MAX_LABEL) : text;
            }
        }
        return null;
    }
}
