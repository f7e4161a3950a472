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
 * Admits or refuses one request of a tenant against its rate and in-flight limits, in the shared store (Redis).
 * When the store fails or is slow, the service keeps answering: the decision is made by this instance's own
 * buckets ({@link LocalBuckets}) for {@code enclave.limits.redis.retry-interval}, then the store is tried again.
 * The switch is logged once per outage and metered ({@code enclave.limits.store.available},
 * {@code enclave.limits.admissions{store="local"}}); it is never a 500 and never unlimited.
 */
@ApplicationScoped
public class RequestLimiter {

    private static final Logger LOG = Logger.getLogger(RequestLimiter.class);

    private final RedisBuckets shared;
    private final LocalBuckets local;
    private final long retryNanos;
    private final java.time.Duration timeout;
    private final Map<String, Counter> admissions = new ConcurrentHashMap<>();
    private final AtomicBoolean degraded = new AtomicBoolean();
    private volatile long localUntilNanos = System.nanoTime();

    RequestLimiter(RedisBuckets shared, LocalBuckets local, LimitsConfig config, MeterRegistry metrics) {
        this.shared = shared;
        this.local = local;
        this.retryNanos = config.redis().retryInterval().toNanos();
        this.timeout = config.redis().timeout();
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
     * Gives back an admitted request's in-flight slot. On a worker thread it waits for the store (at most the
     * limiter timeout), so a client that sends its next request as soon as it has an answer finds the slot free;
     * on an event-loop thread it does not wait. A lost release costs one slot until the lease expires.
     */
    public void release(Admission admission) {
        if (admission.lease() == null) {
            return;
        }
        if (admission.store() == Admission.Store.LOCAL) {
            local.release(admission.tenant());
            return;
        }
        var release = shared.release(admission.tenant(), admission.lease());
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            release.subscribe().with(ok -> {
            }, failure -> LOG.debugf("in-flight release failed, the lease will expire: %s", failure.toString()));
            return;
        }
        try {
            release.await().atMost(timeout);
        } catch (RuntimeException e) {
            LOG.debugf("in-flight release failed, the lease will expire: %s", e.toString());
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
