package dev.enclave.limits;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An operator's overrides of one tenant's plan defaults (global table: control-plane data about the tenant). */
@Entity
@Table(name = "tenant_limits")
class TenantLimitsEntity {

    @Id
    String tenant;

    @Column(name = "requests_per_second")
    Integer requestsPerSecond;

    Integer burst;

    @Column(name = "max_in_flight")
    Integer maxInFlight;

    @Column(name = "storage_bytes")
    Long storageBytes;

    @Column(name = "ai_tokens_per_month")
    Long aiTokensPerMonth;

    @Column(name = "background_concurrency")
    Integer backgroundConcurrency;

    @Column(name = "updated_at", nullable = false)
    OffsetDateTime updatedAt;

    @Column(name = "updated_by", nullable = false)
    String updatedBy;

    LimitValues values() {
        return new LimitValues(requestsPerSecond, burst, maxInFlight, storageBytes, aiTokensPerMonth, backgroundConcurrency);
    }
}
