package dev.enclave.usage;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The caller's tenant: its usage against each limit. Request figures come from this very request's admission
 * (null when request limits are not enforced); background work is this instance's.
 */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image (nested records too)
public record UsageResponse(String plan, Requests requests, InFlight inFlight, Storage storage, AiTokens aiTokens,
        Background background) {

    /** Token bucket: refill rate, capacity, whole tokens left after this request, seconds until full again. */
    public record Requests(int perSecond, int burst, Long remaining, Long resetSeconds) {
    }

    /** Requests of the tenant in progress on all instances, this one included. */
    public record InFlight(int limit, Long current) {
    }

    public record Storage(long limitBytes, long usedBytes) {
    }

    /** This month's (UTC, {@code yyyy-MM}) AI tokens: charged, held by calls in progress, budget. */
    public record AiTokens(String period, long limit, long used, long reserved) {
    }

    public record Background(int limit, int running, int queued) {
    }
}
