package dev.enclave.search;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.enclave.events.DeletedDocument;
import dev.enclave.events.DeletedProject;
import dev.enclave.events.DocumentSnapshot;
import dev.enclave.events.DomainEvent;
import dev.enclave.events.EventType;
import dev.enclave.events.MalformedEventException;
import dev.enclave.events.consume.EventHandlers;

/**
 * Keeps the search projection in step with domain events. Kafka-independent: it must run inside the event's
 * tenant ({@code TenantScope.runAs}), and {@link TenantSearch} takes the tenant from there.
 *
 * <p>Idempotent and order-safe without a processed-events table: every write carries the aggregate version as an
 * external version, so a repeated or late older event is refused by the node (409) and counts as done.
 */
@ApplicationScoped
public class SearchIndexer {

    /** What applying an event did. */
    public enum Outcome {
        INDEXED,
        /** The index already had this or a newer version (a replay, or an event that arrived late). */
        ALREADY_NEWER,
        /** Not an event search cares about. */
        IGNORED
    }

    private final TenantSearch search;
    private final EventHandlers<Outcome> handlers;

    SearchIndexer(TenantSearch search, ObjectMapper json) {
        this.search = search;
        this.handlers = EventHandlers.<Outcome>of(json)
                .on(EventType.DOCUMENT_CREATED, this::documentChanged)
                .on(EventType.DOCUMENT_UPDATED, this::documentChanged)
                .on(EventType.DOCUMENT_DELETED, this::documentDeleted)
                .on(EventType.PROJECT_DELETED, this::projectDeleted)
                .otherwise(event -> Outcome.IGNORED);
    }

    /**
     * @throws SearchUnavailableException when the node cannot be reached (retry later)
     * @throws MalformedEventException when the event can never be applied
     * @throws SearchRejectedException when the node refuses the write (4xx other than 429)
     */
    public Outcome apply(DomainEvent event) {
        return handlers.handle(event);
    }

    Outcome documentChanged(DomainEvent event, DocumentSnapshot document) {
        UUID id = required(document.id(), "id");
        if (!id.equals(event.aggregateId())) {
            throw new MalformedEventException("snapshot id differs from the aggregate id");
        }
        return outcome(search.upsert(new SearchDocument(id, required(document.projectId(), "projectId"),
                required(document.title(), "title"), document.body() == null ? "" : document.body(),
                document.tags() == null ? List.of() : document.tags(), required(document.status(), "status"),
                event.aggregateVersion(), document.updatedAt())));
    }

    Outcome documentDeleted(DomainEvent event, DeletedDocument document) {
        return outcome(search.tombstone(event.aggregateId(), required(document.projectId(), "projectId"), event.aggregateVersion()));
    }

    Outcome projectDeleted(DomainEvent event, DeletedProject project) {
        search.deleteProject(event.aggregateId());
        return Outcome.INDEXED;
    }

    private static Outcome outcome(TenantSearch.WriteOutcome write) {
        return write == TenantSearch.WriteOutcome.APPLIED ? Outcome.INDEXED : Outcome.ALREADY_NEWER;
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new MalformedEventException("snapshot field " + field + " is missing");
        }
        return value;
    }
}
