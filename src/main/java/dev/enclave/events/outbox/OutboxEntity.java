package dev.enclave.events.outbox;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.enclave.tenancy.TenantOwnedEntity;

/** One recorded domain event waiting for (or done with) its trip to Kafka. */
@Entity
@Table(name = "outbox_events")
class OutboxEntity extends TenantOwnedEntity {

    @Id
    UUID id;

    /** Assigned by the database (identity); the relay publishes in this order. */
    @Column(insertable = false, updatable = false)
    Long seq;

    @Column(name = "aggregate_type", nullable = false, updatable = false)
    String aggregateType;

    @Column(name = "aggregate_id", nullable = false, updatable = false)
    UUID aggregateId;

    @Column(name = "aggregate_version", nullable = false, updatable = false)
    long aggregateVersion;

    @Column(name = "event_type", nullable = false, updatable = false)
    String eventType;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    OffsetDateTime occurredAt;

    @Column(nullable = false, updatable = false)
    String payload;

    @Column(updatable = false)
    String traceparent;

    @Column(name = "published_at")
    OffsetDateTime publishedAt;
}
