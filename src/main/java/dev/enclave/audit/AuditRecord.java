package dev.enclave.audit;

import java.time.OffsetDateTime;

/** An audit entry as operators read it. */
public record AuditRecord(Long id, OffsetDateTime occurredAt, String actor, String actorTenant, String targetTenant,
        String resource, String action, AuditOutcome outcome, String reason, String requestId) {
}
