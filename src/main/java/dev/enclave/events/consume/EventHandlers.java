package dev.enclave.events.consume;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.enclave.events.DomainEvent;
import dev.enclave.events.EventType;
import dev.enclave.events.MalformedEventException;

/**
 * A consumer's handlers, one per event type, each given the event and its snapshot, read as the type's record:
 *
 * <pre>
 * EventHandlers.&lt;Void&gt;of(json)
 *         .on(EventType.DOCUMENT_CREATED, this::documentCreated)
 *         .on(EventType.DOCUMENT_DELETED, this::documentDeleted);
 * </pre>
 *
 * A handler's result ({@code R}) goes to the consumer's batch step, if it has one ({@link EventConsumers#start}).
 * Events of other types go to {@link #otherwise} (by default: none, the event is only marked processed).
 */
public final class EventHandlers<R> {

    private final ObjectMapper json;
    private final Map<String, Function<DomainEvent, R>> handlers = new HashMap<>();
    private Function<DomainEvent, R> otherwise = event -> null;

    private EventHandlers(ObjectMapper json) {
        this.json = json;
    }

    /** @param json the application's mapper (it reads the snapshots' dates and ids) */
    public static <R> EventHandlers<R> of(ObjectMapper json) {
        return new EventHandlers<>(json);
    }

    public <S> EventHandlers<R> on(EventType<S> type, BiFunction<DomainEvent, S, R> handler) {
        // Fields a newer producer added are skipped (the API's mapper refuses unknown fields; a consumer must not).
        ObjectReader reader = json.readerFor(type.snapshot()).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        if (handlers.putIfAbsent(type.wireName(), event -> handler.apply(event, snapshot(event, type, reader))) != null) {
            throw new IllegalStateException("two handlers for " + type);
        }
        return this;
    }

    /** What to do with events of the types without a handler. */
    public EventHandlers<R> otherwise(Function<DomainEvent, R> handler) {
        this.otherwise = handler;
        return this;
    }

    /** Handles one event; null when there is nothing for the batch step. */
    public R handle(DomainEvent event) {
        return handlers.getOrDefault(event.type(), otherwise).apply(event);
    }

    private static <S> S snapshot(DomainEvent event, EventType<S> type, ObjectReader reader) {
        try {
            return reader.readValue(event.data());
        } catch (Exception e) { // a field of the wrong type: the event can never be applied
            throw new MalformedEventException(type + " with a snapshot that is not one");
        }
    }
}
