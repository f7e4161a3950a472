package dev.enclave.limits.admission;

import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.fairness.TokenBucket;
import dev.enclave.limits.LimitValues;
import dev.enclave.tenancy.TenantId;

/**
 * The fallback while Redis cannot be reached: the same token bucket ({@link TokenBucket}) and in-flight cap, kept by this instance
 * alone. With N instances a tenant may then get up to N times its limits; that is the documented price of
 * answering at all, and it is never unlimited.
 */
@ApplicationScoped
class LocalBuckets {

    private static final class Bucket {
        final TokenBucket tokens;
        int inFlight;

        Bucket(int burst, int rate) {
            tokens = new TokenBucket(burst, rate, System::nanoTime);
        }
    }

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    Admission admit(TenantId tenant, LimitValues limits, String lease) {
        int rate = limits.requestsPerSecond();
        int burst = limits.burst();
        Bucket bucket = buckets.computeIfAbsent(tenant.value(), t -> new Bucket(burst, rate));
        synchronized (bucket) {
            bucket.tokens.reshape(burst, rate);
            Admission.Outcome outcome;
            if (bucket.tokens.tokens() < 1) {
                outcome = Admission.Outcome.RATE_LIMITED;
            } else if (bucket.inFlight >= limits.maxInFlight()) {
                outcome = Admission.Outcome.TOO_MANY_IN_FLIGHT;
            } else {
                outcome = Admission.Outcome.ADMITTED;
                bucket.tokens.spend(1);
                bucket.inFlight++;
            }
            double tokens = bucket.tokens.tokens();
            return new Admission(tenant, outcome, burst, Admission.window(burst, rate), (long) Math.floor(tokens),
                    bucket.tokens.millisUntilFull(), bucket.tokens.millisUntil(1),
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
