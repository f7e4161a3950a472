package dev.enclave.limits;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A plan of the global catalogue and its default limits. */
@Entity
@Table(name = "plans")
class PlanEntity {

    @Id
    String id;

    @Column(name = "requests_per_second", nullable = false)
    int requestsPerSecond;

    @Column(nullable = false)
    int burst;

    @Column(name = "max_in_flight", nullable = false)
    int maxInFlight;

    @Column(name = "storage_bytes", nullable = false)
    long storageBytes;

    @Column(name = "ai_tokens_per_month", nullable = false)
    long aiTokensPerMonth;

    @Column(name = "background_concurrency", nullable = false)
    int backgroundConcurrency;

    LimitValues values() {
        return new LimitValues(requestsPerSecond, burst, maxInFlight, storageBytes, aiTokensPerMonth, backgroundConcurrency);
    }
}
