package dev.enclave.limits;

import java.time.Duration;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Per-tenant limits (enclave.limits.*). The limits themselves live in the database: plans and overrides. */
@ConfigMapping(prefix = "enclave.limits")
public interface LimitsConfig {

    /** How long an instance keeps a tenant's effective limits: an operator's change applies within this time. */
    @WithDefault("2s")
    Duration refresh();

    /** An AI token reservation not settled by then (its instance died mid-call) stops counting against the budget. */
    @WithDefault("5m")
    Duration aiReservationTtl();

    Redis redis();

    RefusalCache refusalCache();

    Background background();

    Turns turns();

    interface Redis {
        /** Prefix of every key, so deployments (or test runs) sharing one Redis do not share buckets. */
        @WithDefault("enclave:")
        String keyPrefix();

        /** A limiter call slower than this counts as a store failure (the request is then admitted locally). */
        @WithDefault("250ms")
        Duration timeout();

        /** After a store failure, decide locally for this long before trying the store again. */
        @WithDefault("2s")
        Duration retryInterval();

        /**
         * An instance spends its share of a tenant's limits (tokens taken from the shared bucket, in-flight slots) for
         * at most this long before it asks the store again; a share is at most rate x this many tokens. Shorter: more
         * round trips; longer: a quiet instance sits on tokens longer (dev.enclave.limits.admission.InstanceShares).
         */
        @WithDefault("100ms")
        Duration shareWindow();

        /** An in-flight slot whose request never ended (a crashed instance) is freed after this long. */
        @WithDefault("60s")
        Duration inFlightLease();
    }

    /**
     * Refuses a tenant's known tokens while its bucket is empty, before they are verified again
     * (dev.enclave.limits.admission.RefusalCache): a flood that is refused anyway costs almost nothing.
     */
    interface RefusalCache {
        @WithDefault("true")
        boolean enabled();

        /** Tokens remembered at most (until they expire); when full, further tokens go the normal path. */
        @WithDefault("10000")
        int size();
    }

    /** Turns to run admitted tenant requests, shared fairly between tenants (dev.enclave.limits.admission.RequestTurns). */
    interface Turns {
        /** Requests that run at once on this instance; default: twice the processors. Keep it at most the database pool. */
        OptionalInt concurrency();

        /** A request that waits longer than this for its turn is answered 503 (Retry-After 1 s). */
        @WithDefault("10s")
        Duration maxWait();
    }

    interface Background {
        /** Threads that run background work for all tenants, shared round-robin. */
        @WithDefault("4")
        int workers();

        /** Tasks one tenant may have waiting; more are refused (429) rather than queued without bound. */
        @WithDefault("32")
        int queuePerTenant();
    }
}
