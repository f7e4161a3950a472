package dev.enclave.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How fast one tenant's outbox may drain on this instance: a token bucket per tenant, refilled at
 * {@code eventsPerSecond} and holding at most 20 ms worth (small, frequent passes: a burst of a whole second's
 * worth would still take the machine for a moment). A tenant's backlog of 50,000 events then
 * drains at that pace instead of taking every core the relay, the broker, the consumers and the database have, which
 * is what delayed another tenant's few events on a small machine even with fair turns (bench/events.sh). It is a
 * ceiling, not a share: it holds when the flooding tenant is alone too, because the next tenant's event arrives
 * unannounced and must find the machine not saturated. Per instance: a tenant's passes move between instances
 * (advisory lock), so N instances may publish up to N times the pace.
 */
final class PublishPace {

    private final double perNano;
    private final double capacity;
    private final LongSupplier clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;
    }

    /** @param eventsPerSecond 0 = no limit */
    PublishPace(int eventsPerSecond, LongSupplier nanoClock) {
        if (eventsPerSecond < 0) {
            throw new IllegalArgumentException("enclave.events.relay.tenant-events-per-second must not be negative");
        }
        this.perNano = eventsPerSecond / 1e9;
        this.capacity = Math.max(1, eventsPerSecond / 50.0);
        this.clock = nanoClock;
    }

    boolean unlimited() {
        return perNano == 0;
    }

    /** How many events the tenant may publish now, at most {@code max}. */
    int available(String tenant, int max) {
        if (unlimited()) {
            return max;
        }
        Bucket bucket = refilled(tenant);
        synchronized (bucket) {
            return (int) Math.min(max, Math.floor(bucket.tokens));
        }
    }

    /** Charges what a pass published. */
    void spend(String tenant, int events) {
        if (unlimited() || events == 0) {
            return;
        }
        Bucket bucket = refilled(tenant);
        synchronized (bucket) {
            bucket.tokens -= events;
        }
    }

    /**
     * Milliseconds until the tenant's bucket is full again: a paced tenant comes back for a pass of 20 ms worth, not
     * for one event per transaction.
     */
    long millisUntilFull(String tenant) {
        if (unlimited()) {
            return 0;
        }
        Bucket bucket = refilled(tenant);
        synchronized (bucket) {
            double missing = capacity - bucket.tokens;
            return missing <= 0 ? 0 : Math.max(1, (long) Math.ceil(missing / perNano / 1e6));
        }
    }

    private Bucket refilled(String tenant) {
        Bucket bucket = buckets.computeIfAbsent(tenant, t -> {
            Bucket fresh = new Bucket();
            fresh.tokens = capacity;
            fresh.at = clock.getAsLong();
            return fresh;
        });
        synchronized (bucket) {
            long now = clock.getAsLong();
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * perNano);
            bucket.at = now;
        }
        return bucket;
    }
}
