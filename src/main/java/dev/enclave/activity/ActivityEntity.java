package dev.enclave.activity;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.enclave.tenancy.TenantOwnedEntity;

/** One line of a tenant's activity feed: a domain event as it arrived. */
@Entity
@Table(name = "activity_entries")
class ActivityEntity extends TenantOwnedEntity {

    @Id
    @Column(name = "event_id")
    UUID eventId;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    OffsetDateTime occurredAt;

    @Column(nullable = false, updatable = false)
    String type;

    @Column(name = "aggregate_type", nullable = false, updatable = false)
    String aggregateType;

    @Column(name = "aggregate_id", nullable = false, updatable = false)
    UUID aggregateId;

    @Column(name = "aggregate_version", nullable = false, updatable = false)
    long aggregateVersion;

    @Column(nullable = false, updatable = false)
    String actor;

    @Column(updatable = false)
    String label;
}
