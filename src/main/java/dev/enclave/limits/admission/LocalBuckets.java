package dev.enclave.limits.admission;

import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.limits.LimitValues;
import dev.enclave.tenancy.TenantId;

/**
 * The fallback while Redis cannot be reached: the same token bucket and in-flight cap, kept by this instance
 * alone. With N instances a tenant may then get up to N times its limits; that is the documented price of
 * answering at all, and it is never unlimited.
 */
@ApplicationScoped
class LocalBuckets {

    private static final class Bucket {
        double tokens;
        long stampNanos;
        int inFlight;

        Bucket(int burst, long now) {
            tokens = burst;
            stampNanos = now;
        }
    }

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    Admission admit(TenantId tenant, LimitValues limits, String lease) {
        int rate = limits.requestsPerSecond();
        int burst = limits.burst();
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(tenant.value(), t -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.stampNanos) / 1e9 * rate);
            bucket.stampNanos = now;
            Admission.Outcome outcome;
            if (bucket.tokens < 1) {
                outcome = Admission.Outcome.RATE_LIMITED;
            } else if (bucket.inFlight >= limits.maxInFlight()) {
                outcome = Admission.Outcome.TOO_MANY_IN_FLIGHT;
            } else {
                outcome = Admission.Outcome.ADMITTED;
                bucket.tokens -= 1;
                bucket.inFlight++;
            }
            long fullMillis = (long) Math.ceil((burst - bucket.tokens) * 1000 / rate);
            long nextTokenMillis = bucket.tokens < 1 ? (long) Math.ceil((1 - bucket.tokens) * 1000 / rate) : 0;
            return new Admission(tenant, outcome, burst, Admission.window(burst, rate), (long) Math.floor(bucket.tokens), fullMillis, nextTokenMillis,
                    bucket.inFlight, limits.maxInFlight(), Admission.Store.LOCAL,
                    outcome == Admission.Outcome.ADMITTED ? lease : null);
        }
    }

    void release(TenantId tenant) {
        Bucket bucket = buckets.get(tenant.value());
        if (bucket != null) {
            synchronized (bucket) {
                bucket.inFlight = Math.max(0, bucket.inFlight - 1);
            }
        }
    }
}
