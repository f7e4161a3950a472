package dev.enclave.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A domain event as consumers see it (the Kafka value, EVENTS.md). It deliberately has no tenant: the tenant is
 * the context the consumer runs in, restored from the record's verified {@code tenant-id} header.
 */
public record DomainEvent(UUID eventId, String type, String aggregateType, UUID aggregateId, long aggregateVersion,
        Instant occurredAt, String actor, JsonNode data) {

    /** {@code MemberDeleted}, {@code ProjectDeleted}, {@code DocumentDeleted}: the aggregate is gone. */
    public boolean deletes() {
        return type.endsWith("Deleted");
    }
}
