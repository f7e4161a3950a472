package dev.enclave.limits.admission;

import dev.enclave.tenancy.TenantId;

/**
 * The limiter's answer for one request, and what the RateLimit headers report (IETF draft
 * "RateLimit header fields for HTTP": {@code RateLimit-Policy: "default";q=<limit>;w=<window>} and
 * {@code RateLimit: "default";r=<remaining>;t=<reset>}).
 *
 * @param limit            bucket capacity (burst): the policy's quota q
 * @param windowSeconds    seconds the bucket takes to refill from empty (burst / rate, rounded up): the policy's w
 * @param remaining        whole tokens left after this request: r
 * @param resetMillis      until the bucket is full again: t (whole seconds)
 * @param nextTokenMillis  until the bucket holds a whole token again (0: it does); a rate refusal's retry time
 * @param inFlight         the tenant's requests in progress, this one included when admitted
 * @param lease            the in-flight slot to give back when the request ends (null when refused)
 */
public record Admission(TenantId tenant, Outcome outcome, int limit, long windowSeconds, long remaining, long resetMillis,
        long nextTokenMillis, long inFlight, int maxInFlight, Store store, String lease) {

    public enum Outcome {
        ADMITTED,
        RATE_LIMITED,
        TOO_MANY_IN_FLIGHT
    }

    /**
     * Where the decision was made: the shared store, this instance alone while the store is unreachable, or this
     * instance refusing a known token of a tenant whose bucket the store reported empty ({@link RefusalCache}).
     */
    public enum Store {
        REDIS,
        LOCAL,
        CACHED_REFUSAL
    }

    public boolean admitted() {
        return outcome == Outcome.ADMITTED;
    }

    /** Whole seconds, rounded up: t has no fractions (0: the bucket is full). */
    static long seconds(long millis) {
        return Math.max(0, (millis + 999) / 1000);
    }

    /** The reset time t. */
    public long resetSeconds() {
        return seconds(resetMillis);
    }

    /** The policy's window for a bucket of {@code burst} refilled at {@code rate} per second: at least 1 s. */
    static long window(int burst, int rate) {
        return Math.max(1, (burst + (long) rate - 1) / Math.max(1, rate));
    }

    /** {@code RateLimit-Policy}. */
    String policyHeader() {
        return "\"default\";q=" + limit + ";w=" + windowSeconds;
    }

    /** {@code RateLimit}. */
    String stateHeader() {
        return "\"default\";r=" + remaining + ";t=" + resetSeconds();
    }

    /** The problem detail of a refusal. */
    String refusalDetail() {
        return outcome == Outcome.RATE_LIMITED
                ? "the tenant's request rate limit is reached; retry after " + retryAfterSeconds() + " s"
                : "the tenant already has " + maxInFlight + " requests in progress; retry shortly";
    }

    /** Retry-After for a refused request: whole seconds, at least 1. */
    long retryAfterSeconds() {
        return outcome == Outcome.RATE_LIMITED ? Math.max(1, seconds(nextTokenMillis)) : 1;
    }
}
