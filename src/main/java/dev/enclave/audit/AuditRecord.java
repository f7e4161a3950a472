package dev.enclave.audit;

import java.time.OffsetDateTime;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An audit entry as operators read it. */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record AuditRecord(Long id, OffsetDateTime occurredAt, String actor, String actorTenant, String targetTenant,
        String resource, String action, AuditOutcome outcome, String reason, String requestId) {
}
