package dev.enclave.search;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A domain event as the contract puts it on {@code enclave.domain-events} (the value; the tenant is never in it,
 * it travels in the {@code tenant-id} header). Only what the search indexer reads. When the events work lands,
 * its shared event type can replace this record.
 */
public record DomainEventEnvelope(UUID eventId, String type, String aggregateType, UUID aggregateId,
        long aggregateVersion, JsonNode data) {

    /** Parses a record value; anything that is not a well-formed event is a {@link MalformedEventException}. */
    public static DomainEventEnvelope parse(ObjectMapper json, String value) {
        try {
            JsonNode node = json.readTree(value);
            JsonNode version = node.path("aggregateVersion");
            if (!version.canConvertToLong() || version.asLong() < 0 || !node.path("type").isTextual()) {
                throw new MalformedEventException("event without type or aggregateVersion");
            }
            return new DomainEventEnvelope(UUID.fromString(node.path("eventId").asText()), node.path("type").asText(),
                    node.path("aggregateType").asText(), UUID.fromString(node.path("aggregateId").asText()),
                    version.asLong(), node.path("data"));
        } catch (MalformedEventException e) {
            throw e;
        } catch (Exception e) {
            throw new MalformedEventException("event value is not a domain event");
        }
    }

    /** An event the indexer can never apply (retrying does not help): dead-lettered. */
    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message, null, false, false);
        }
    }
}
