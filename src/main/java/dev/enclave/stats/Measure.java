package dev.enclave.stats;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@link TenantStats} keeps per tenant. Counted measures are exponentially decayed counts (an occurrence
 * counts 1 now, 0.5 one half-life ago); the outbox backlog is a level (the relay's last poll); latencies are
 * percentiles of a decayed histogram, in milliseconds.
 */
public enum Measure {
    REQUESTS("requests"),
    ERRORS_4XX("errors-4xx"),
    ERRORS_5XX("errors-5xx"),
    RATE_LIMITED("rate-limited"),
    EVENTS_PUBLISHED("events-published"),
    EVENTS_APPLIED("events-applied"),
    SEARCH_QUERIES("search-queries"),
    AI_TOKENS("ai-tokens"),
    ROWS_WRITTEN("rows-written"),
    OUTBOX_BACKLOG("outbox-backlog"),
    LATENCY_P50_MS("latency-p50-ms"),
    LATENCY_P99_MS("latency-p99-ms");

    /** The decayed counts come first, so their ordinal indexes the per-tenant count array. */
    static final int COUNTED = OUTBOX_BACKLOG.ordinal();

    private final String wireName;

    Measure(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    boolean counted() {
        return ordinal() < COUNTED;
    }

    static Optional<Measure> parse(String raw) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(raw)).findFirst();
    }

    static String names() {
        return Arrays.stream(values()).map(Measure::wireName).collect(Collectors.joining(", "));
    }
}
