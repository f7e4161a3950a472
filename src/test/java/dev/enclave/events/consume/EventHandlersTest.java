package dev.enclave.events.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.enclave.events.DomainEvent;
import dev.enclave.events.EventType;
import dev.enclave.events.MalformedEventException;

/** A consumer's handlers: one per event type, each given its snapshot as the type's record. */
class EventHandlersTest {

    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    DomainEvent event(EventType<?> type, Map<String, Object> data) {
        return event(type.wireName(), type.aggregate().wireName(), data);
    }

    DomainEvent event(String type, String aggregate, Map<String, Object> data) {
        return new DomainEvent(UUID.randomUUID(), type, aggregate, UUID.randomUUID(), 1, Instant.now(), "someone",
                json.valueToTree(data));
    }

    @Test
    void eachTypeGoesToItsHandlerWithItsSnapshot() {
        EventHandlers<String> handlers = EventHandlers.<String>of(json)
                .on(EventType.DOCUMENT_CREATED, (event, document) -> "created " + document.title() + " " + document.tags())
                .on(EventType.PROJECT_DELETED, (event, project) -> "deleted " + project.id());
        UUID project = UUID.randomUUID();
        assertEquals("created Plan [a, b]", handlers.handle(event(EventType.DOCUMENT_CREATED,
                Map.of("title", "Plan", "tags", java.util.List.of("a", "b"), "updatedAt", "2026-01-01T00:00:00Z"))));
        assertEquals("deleted " + project, handlers.handle(event(EventType.PROJECT_DELETED, Map.of("id", project.toString()))));
    }

    @Test
    void fieldsANewerProducerAddedAreSkipped() {
        // A plain ObjectMapper refuses unknown fields, like the application's: the handlers must not.
        EventHandlers<String> handlers = EventHandlers.<String>of(json)
                .on(EventType.MEMBER_CREATED, (event, member) -> member.displayName());
        assertEquals("Alice", handlers.handle(event(EventType.MEMBER_CREATED, Map.of("displayName", "Alice", "nickname", "Al"))));
    }

    @Test
    void otherTypesGoToOtherwiseOrNowhere() {
        EventHandlers<String> none = EventHandlers.<String>of(json)
                .on(EventType.DOCUMENT_CREATED, (event, document) -> "created");
        assertNull(none.handle(event(EventType.MEMBER_CREATED, Map.of())));
        assertNull(none.handle(event("SomethingNew", "thing", Map.of())));
        EventHandlers<String> fallback = EventHandlers.<String>of(json).otherwise(event -> "other " + event.type());
        assertEquals("other SomethingNew", fallback.handle(event("SomethingNew", "thing", Map.of())));
    }

    @Test
    void aSnapshotOfTheWrongShapeIsMalformed() {
        EventHandlers<String> handlers = EventHandlers.<String>of(json)
                .on(EventType.DOCUMENT_DELETED, (event, document) -> "deleted");
        assertThrows(MalformedEventException.class,
                () -> handlers.handle(event(EventType.DOCUMENT_DELETED, Map.of("projectId", "not-a-uuid"))));
    }

    @Test
    void aTypeHasOneHandler() {
        EventHandlers<String> handlers = EventHandlers.<String>of(json).on(EventType.MEMBER_DELETED, (e, m) -> "one");
        assertThrows(IllegalStateException.class, () -> handlers.on(EventType.MEMBER_DELETED, (e, m) -> "two"));
    }

    @Test
    void everyTypeNameIsKnownOnce() {
        assertEquals(EventType.ALL.size(), EventType.ALL.stream().map(EventType::wireName).distinct().count());
        EventType.ALL.forEach(type -> assertEquals(type, EventType.of(type.wireName()).orElseThrow()));
    }
}
