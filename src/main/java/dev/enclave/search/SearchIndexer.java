package dev.enclave.search;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.enclave.events.DomainEvent;
import dev.enclave.events.MalformedEventException;

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

    SearchIndexer(TenantSearch search) {
        this.search = search;
    }

    /**
     * @throws SearchUnavailableException when the node cannot be reached (retry later)
     * @throws MalformedEventException when the event can never be applied
     * @throws SearchRejectedException when the node refuses the write (4xx other than 429)
     */
    public Outcome apply(DomainEvent event) {
        return switch (event.type()) {
            case "DocumentCreated", "DocumentUpdated" -> outcome(search.upsert(document(event)));
            case "DocumentDeleted" -> outcome(search.tombstone(event.aggregateId(), uuid(event.data(), "projectId"),
                    event.aggregateVersion()));
            case "ProjectDeleted" -> {
                search.deleteProject(event.aggregateId());
                yield Outcome.INDEXED;
            }
            default -> Outcome.IGNORED;
        };
    }

    private static Outcome outcome(TenantSearch.WriteOutcome write) {
        return write == TenantSearch.WriteOutcome.APPLIED ? Outcome.INDEXED : Outcome.ALREADY_NEWER;
    }

    private static SearchDocument document(DomainEvent event) {
        JsonNode data = event.data();
        UUID id = uuid(data, "id");
        if (!id.equals(event.aggregateId())) {
            throw new MalformedEventException("snapshot id differs from the aggregate id");
        }
        List<String> tags = new ArrayList<>();
        data.path("tags").forEach(tag -> tags.add(tag.asText()));
        return new SearchDocument(id, uuid(data, "projectId"), text(data, "title"), data.path("body").asText(""), tags,
                text(data, "status"), event.aggregateVersion(), time(data, "updatedAt"));
    }

    private static UUID uuid(JsonNode data, String field) {
        try {
            return UUID.fromString(data.path(field).asText());
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("snapshot field " + field + " is not a UUID");
        }
    }

    private static String text(JsonNode data, String field) {
        if (!data.path(field).isTextual()) {
            throw new MalformedEventException("snapshot field " + field + " is missing");
        }
        return data.path(field).asText();
    }

    private static OffsetDateTime time(JsonNode data, String field) {
        try {
            return data.path(field).isTextual() ? OffsetDateTime.parse(data.path(field).asText()) : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
