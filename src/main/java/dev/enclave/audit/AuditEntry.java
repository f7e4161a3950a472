package dev.enclave.audit;

import java.time.OffsetDateTime;

/**
 * One audit record as captured on the thread that caused it (actor, tenant and request id are the unit of work's),
 * before it is written, now or by the {@link AuditWriter}.
 */
record AuditEntry(OffsetDateTime occurredAt, String actor, String actorTenant, String targetTenant, String resource,
        String action, AuditOutcome outcome, String reason, String requestId) {

    AuditEntry withTarget(String target) {
        return new AuditEntry(occurredAt, actor, actorTenant, target, resource, action, outcome, reason, requestId);
    }
}
