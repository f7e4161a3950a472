package dev.enclave.events;

import java.time.Instant;
import java.util.UUID;

/** What the outgoing guard writes into the event headers besides the tenant (set by the relay, per record). */
public record EventMetadata(UUID eventId, String type, Instant occurredAt, String traceparent) {
}
