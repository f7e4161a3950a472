package dev.enclave.limits.admission;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import dev.enclave.limits.LimitValues;
import dev.enclave.limits.LimitsConfig;
import dev.enclave.tenancy.TenantId;

/**
 * Admits or refuses one request of a tenant against its rate and in-flight limits, shared by all instances: from
 * this instance's share of them ({@link InstanceShares}), which asks the shared store (Redis) about once per share
 * window rather than twice per request. When the store fails or is slow, the service keeps answering: the decision is made by this instance's own
 * buckets ({@link LocalBuckets}) for {@code enclave.limits.redis.retry-interval}, then the store is tried again.
 * The switch is logged once per outage and metered ({@code enclave.limits.store.available},
 * {@code enclave.limits.admissions{store="local"}}); it is never a 500 and never unlimited.
 */
@ApplicationScoped
public class RequestLimiter {

    private static final Logger LOG = Logger.getLogger(RequestLimiter.class);

    private final InstanceShares shared;
    private final LocalBuckets local;
    private final long retryNanos;
    private final Map<String, Counter> admissions = new ConcurrentHashMap<>();
    private final AtomicBoolean degraded = new AtomicBoolean();
    private volatile long localUntilNanos = System.nanoTime();

    RequestLimiter(InstanceShares shared, LocalBuckets local, LimitsConfig config, MeterRegistry metrics) {
        this.shared = shared;
        this.local = local;
        this.retryNanos = config.redis().retryInterval().toNanos();
        for (Admission.Outcome outcome : Admission.Outcome.values()) {
            for (Admission.Store store : Admission.Store.values()) {
                admissions.put(outcome.name() + store.name(), Counter.builder("enclave.limits.admissions")
                        .description("Request admissions by outcome and deciding store")
                        .tag("outcome", outcome.name().toLowerCase()).tag("store", store.name().toLowerCase())
                        .register(metrics));
            }
        }
        Gauge.builder("enclave.limits.store.available", this, l -> l.degraded.get() ? 0 : 1)
                .description("1 while the shared limiter store (Redis) answers, 0 while this instance decides alone")
                .register(metrics);
    }

    public Admission admit(TenantId tenant, LimitValues limits, String lease) {
        Admission admission = decide(tenant, limits, lease, System.nanoTime());
        count(admission);
        return admission;
    }

    /** Meters a decision, also one repeated from the {@link RefusalCache}. */
    void count(Admission admission) {
        admissions.get(admission.outcome().name() + admission.store().name()).increment();
    }

    /**
     * Gives back an admitted request's in-flight slot, on this instance: no round trip (the share's slots go back
     * to the store with its next share, or when the tenant goes quiet).
     */
    public void release(Admission admission) {
        if (admission.lease() == null) {
            return;
        }
        if (admission.store() == Admission.Store.LOCAL) {
            local.release(admission.tenant());
        } else {
            shared.release(admission.tenant());
        }
    }

    /** False while this instance decides alone because the shared store failed. */
    public boolean storeAvailable() {
        return !degraded.get();
    }

    private Admission decide(TenantId tenant, LimitValues limits, String lease, long now) {
        if (now - localUntilNanos < 0) {
            return local.admit(tenant, limits, lease);
        }
        try {
            Admission admission = shared.admit(tenant, limits, lease);
            if (degraded.compareAndSet(true, false)) {
                LOG.info("limiter store (Redis) reachable again: tenant limits are shared by all instances again");
            }
            return admission;
        } catch (RuntimeException e) {
            localUntilNanos = System.nanoTime() + retryNanos;
            if (degraded.compareAndSet(false, true)) {
                LOG.warnf("limiter store (Redis) failed (%s): each instance now enforces tenant limits on its own, "
                        + "retrying the store every %d ms", e.toString(), TimeUnit.NANOSECONDS.toMillis(retryNanos));
            }
            return local.admit(tenant, limits, lease);
        }
    }
}
