package dev.enclave.stats;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One tenant's statistics on this instance. Counts are exponentially decayed (an occurrence counts 1 now, 0.5 one
 * half-life ago), rounded to 0.001; {@code scoreError} is how much the tenant's score may be overestimated (what it
 * inherited from the tenant it replaced in the table); errors4xx includes rateLimited.
 */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record TenantStatsResponse(String tenant, Instant trackedSince, double score, double scoreError,
        double requests, double errors4xx, double errors5xx, double rateLimited, double eventsPublished,
        double eventsApplied, double searchQueries, double aiTokens, double rowsWritten, long outboxBacklog, double latencyP50Ms,
        double latencyP99Ms) {

    static TenantStatsResponse of(TenantSnapshot s) {
        return new TenantStatsResponse(s.tenant(), Instant.ofEpochMilli(s.sinceMillis()), round(s.score()),
                round(s.error()), round(s.value(Measure.REQUESTS)), round(s.value(Measure.ERRORS_4XX)),
                round(s.value(Measure.ERRORS_5XX)), round(s.value(Measure.RATE_LIMITED)),
                round(s.value(Measure.EVENTS_PUBLISHED)), round(s.value(Measure.EVENTS_APPLIED)),
                round(s.value(Measure.SEARCH_QUERIES)), round(s.value(Measure.AI_TOKENS)), round(s.value(Measure.ROWS_WRITTEN)),
                (long) s.value(Measure.OUTBOX_BACKLOG), round(s.value(Measure.LATENCY_P50_MS)),
                round(s.value(Measure.LATENCY_P99_MS)));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
