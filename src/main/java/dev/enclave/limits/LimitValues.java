package dev.enclave.limits;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One set of limits: a plan's defaults, a tenant's overrides (null fields: the plan's value) or the effective
 * limits (no nulls).
 *
 * @param requestsPerSecond     token bucket refill rate
 * @param burst                 token bucket capacity: requests admitted at once after a quiet period
 * @param maxInFlight           requests of the tenant being served at the same time, on all instances
 * @param storageBytes          bytes of document content (title + body, UTF-8)
 * @param aiTokensPerMonth      AI tokens (in + out) per calendar month, UTC
 * @param backgroundConcurrency background tasks of the tenant running at the same time on one instance
 */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record LimitValues(Integer requestsPerSecond, Integer burst, Integer maxInFlight, Long storageBytes,
        Long aiTokensPerMonth, Integer backgroundConcurrency) {

    static final LimitValues NONE = new LimitValues(null, null, null, null, null, null);

    /** These values, with the plan's where none is set. */
    LimitValues over(LimitValues plan) {
        return new LimitValues(
                requestsPerSecond != null ? requestsPerSecond : plan.requestsPerSecond,
                burst != null ? burst : plan.burst,
                maxInFlight != null ? maxInFlight : plan.maxInFlight,
                storageBytes != null ? storageBytes : plan.storageBytes,
                aiTokensPerMonth != null ? aiTokensPerMonth : plan.aiTokensPerMonth,
                backgroundConcurrency != null ? backgroundConcurrency : plan.backgroundConcurrency);
    }
}
