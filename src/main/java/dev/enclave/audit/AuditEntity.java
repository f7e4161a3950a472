package dev.enclave.audit;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row of the append-only audit log (the database refuses updates and deletes). */
@Entity
@Table(name = "audit_log")
class AuditEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "occurred_at", nullable = false)
    OffsetDateTime occurredAt;

    @Column(nullable = false)
    String actor;

    @Column(name = "actor_tenant")
    String actorTenant;

    @Column(name = "target_tenant")
    String targetTenant;

    @Column(nullable = false)
    String resource;

    @Column(nullable = false)
    String action;

    @Column(nullable = false)
    String outcome;

    @Column(nullable = false)
    String reason;

    @Column(name = "request_id")
    String requestId;

    AuditRecord toRecord() {
        return new AuditRecord(id, occurredAt, actor, actorTenant, targetTenant, resource, action,
                AuditOutcome.valueOf(outcome.toUpperCase()), reason, requestId);
    }
}
