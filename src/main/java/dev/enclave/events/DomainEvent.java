package dev.enclave.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A domain event as consumers see it (the Kafka value). It deliberately has no tenant: the tenant is
 * the context the consumer runs in, restored from the record's verified {@code tenant-id} header.
 */
public record DomainEvent(UUID eventId, String type, String aggregateType, UUID aggregateId, long aggregateVersion,
        Instant occurredAt, String actor, JsonNode data) {

    /** {@code MemberDeleted}, {@code ProjectDeleted}, {@code DocumentDeleted}: the aggregate is gone. */
    public boolean deletes() {
        return type.endsWith("Deleted");
    }

    /**
     * Reads a record value. Every field is required, the version is not negative and {@code data} is an object.
     *
     * @throws MalformedEventException when the value is not such an event
     */
    public static DomainEvent parse(ObjectMapper json, String value) {
        try {
            JsonNode node = json.readTree(value);
            JsonNode version = node.get("aggregateVersion");
            JsonNode data = node.get("data");
            if (version == null || !version.canConvertToLong() || version.asLong() < 0 || data == null || !data.isObject()) {
                throw new MalformedEventException("event without aggregateVersion or data");
            }
            return new DomainEvent(UUID.fromString(text(node, "eventId")), text(node, "type"), text(node, "aggregateType"),
                    UUID.fromString(text(node, "aggregateId")), version.asLong(), Instant.parse(text(node, "occurredAt")),
                    text(node, "actor"), data);
        } catch (MalformedEventException e) {
            throw e;
        } catch (Exception e) { // not JSON, not an object, not a UUID, not an instant
            throw new MalformedEventException("record value is not a domain event");
        }
    }

    private static String text(JsonNode value, String field) {
        JsonNode node = value.get(field);
        if (node == null || !node.isTextual()) {
            throw new MalformedEventException(field + " is missing");
        }
        return node.asText();
    }
}
