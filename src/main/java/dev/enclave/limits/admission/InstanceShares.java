package dev.enclave.limits.admission;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

import dev.enclave.limits.LimitValues;
import dev.enclave.limits.LimitsConfig;
import dev.enclave.tenancy.TenantId;

/**
 * This instance's share of each tenant's shared limits: tokens taken from the tenant's bucket in the store and
 * in-flight slots held there ({@link RedisBuckets#GRANT}), spent and counted here without a round trip. A request is
 * admitted locally while the share has a token and a free slot; only a request that finds it empty asks the store
 * (and the tenant's other requests wait for that one answer). Every share window
 * ({@code enclave.limits.redis.share-window}) a timer renews the share of each tenant used since the last window,
 * asynchronously, while requests go on spending it: the tokens are topped up to one batch, the slots set to the
 * requests in flight plus a margin. The share of a tenant that went quiet goes back (tokens, and slots down to what
 * is in flight), so that no instance sits on them.
 * <p>
 * Accuracy: tokens are only ever taken from the one shared bucket, so all instances together admit no more than it
 * allows; an instance holds at most one batch, rate x window tokens (at least 1, at most a quarter of the burst),
 * spent at most a few windows after it was taken (so a bucket that refilled meanwhile may admit up to one batch per
 * instance more than its burst). A tenant limited to 10/s gets a batch of one token, taken for the request that
 * needs it and never ahead, exactly as a per-request check would. Slots: an instance holds its requests in flight plus
 * a tenth of the limit (at least 1), and all instances' slots together never exceed the limit.
 */
@ApplicationScoped
class InstanceShares {

    private static final Logger LOG = Logger.getLogger(InstanceShares.class);

    /** One tenant's share on this instance; guarded by its own monitor. */
    private static final class Share {
        LimitValues limits;
        long tokens;
        int slots;
        int inFlight;
        long lastUsedNanos;
        /** A renewal is under way: a request that finds the share empty waits for it rather than asking too. */
        boolean renewing;
        /** The bucket as the store reported it with the last grant (for the RateLimit headers). */
        long remaining;
        long resetMillis;
        long nextTokenMillis;
        long othersInFlight;

        void granted(RedisBuckets.Grant grant) {
            tokens += grant.tokens();
            slots = grant.slots();
            remaining = grant.remaining();
            resetMillis = grant.resetMillis();
            nextTokenMillis = grant.nextTokenMillis();
            othersInFlight = grant.othersInFlight();
        }

        boolean usable(LimitValues asked) {
            return asked.equals(limits) && tokens >= 1 && inFlight < slots;
        }
    }

    private final RedisBuckets store;
    private final long windowNanos;
    private final long waitMillis;
    /** This instance's name in the store's slot hashes: a fresh one per start, so a restart never inherits slots. */
    private final String instance = UUID.randomUUID().toString();
    private final ConcurrentHashMap<String, Share> shares = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    @Inject
    InstanceShares(RedisBuckets store, LimitsConfig config) {
        this(store, config.redis().shareWindow(), config.redis().timeout());
    }

    /** Another instance's shares on the same store, for tests. */
    InstanceShares(RedisBuckets store, Duration window, Duration timeout) {
        this.store = store;
        this.windowNanos = window.toNanos();
        this.waitMillis = Math.max(1, timeout.toMillis());
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "limits-shares");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1, TimeUnit.NANOSECONDS.toMillis(windowNanos));
        timer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        giveBackAll();
    }

    /** Admits or refuses one request; throws when the store fails (the caller then decides alone). */
    Admission admit(TenantId tenant, LimitValues limits, String lease) {
        Share share = shares.computeIfAbsent(tenant.value(), t -> new Share());
        synchronized (share) {
            share.lastUsedNanos = System.nanoTime();
            awaitRenewal(share, limits);
            if (!share.usable(limits)) {
                take(tenant, share, limits);
            }
            Admission.Outcome outcome;
            if (share.tokens < 1) {
                outcome = Admission.Outcome.RATE_LIMITED;
            } else if (share.inFlight >= share.slots) {
                outcome = Admission.Outcome.TOO_MANY_IN_FLIGHT;
            } else {
                outcome = Admission.Outcome.ADMITTED;
                share.tokens--;
                share.inFlight++;
            }
            return new Admission(tenant, outcome, limits.burst(), Admission.window(limits.burst(), limits.requestsPerSecond()),
                    share.remaining + share.tokens, share.resetMillis, share.tokens >= 1 ? 0 : share.nextTokenMillis,
                    share.othersInFlight + share.inFlight, limits.maxInFlight(), Admission.Store.REDIS,
                    outcome == Admission.Outcome.ADMITTED ? lease : null);
        }
    }

    /** Frees an admitted request's slot on this instance; the store hears of it with the next renewal. */
    void release(TenantId tenant) {
        Share share = shares.get(tenant.value());
        if (share != null) {
            synchronized (share) {
                share.inFlight = Math.max(0, share.inFlight - 1);
            }
        }
    }

    /** Every share back to the store now, slots included (stopping: the other instances may use them at once). */
    void giveBackAll() {
        shares.forEach((tenant, share) -> {
            synchronized (share) {
                if (share.limits == null || (share.tokens == 0 && share.slots == 0)) {
                    return;
                }
                try {
                    share.granted(store.grant(new TenantId(tenant), share.limits, instance, share.tokens, 0, 0));
                    share.tokens = 0;
                } catch (RuntimeException e) {
                    LOG.debugf("could not give back the share of tenant %s: %s", tenant, e.toString());
                }
            }
        });
    }

    /** The timer: renews each share used in the last window, gives back the others'. Never waits for the store. */
    void renewAll() {
        long now = System.nanoTime();
        shares.forEach((tenant, share) -> renew(new TenantId(tenant), share, now));
    }

    /** While a renewal is under way and the share cannot admit, waits for it (at most the store's timeout). */
    private void awaitRenewal(Share share, LimitValues limits) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        try {
            while (share.renewing && !share.usable(limits)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                share.wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A request found the share empty: it takes a batch and enough slots for one more request, and waits. */
    private void take(TenantId tenant, Share share, LimitValues limits) {
        long giveBack = limits.equals(share.limits) ? 0 : share.tokens; // taken under other limits: back first
        if (giveBack > 0) {
            share.tokens = 0;
        }
        share.limits = limits;
        share.granted(store.grant(tenant, limits, instance, giveBack, batch(limits, share.tokens), slots(limits, share)));
    }

    private void renew(TenantId tenant, Share share, long now) {
        LimitValues limits;
        long giveBack;
        long want;
        int slots;
        synchronized (share) {
            if (share.limits == null || share.renewing) {
                return;
            }
            limits = share.limits;
            if (now - share.lastUsedNanos > windowNanos) { // quiet: everything back, slots down to what is in flight
                if (share.tokens == 0 && share.slots <= share.inFlight) {
                    return;
                }
                giveBack = share.tokens;
                share.tokens = 0;
                want = 0;
                slots = share.inFlight;
            } else {
                giveBack = 0;
                // A batch of one is taken by the request that needs it, never ahead: a slow tenant's bucket stays exact.
                want = batchSize(limits) > 1 ? batch(limits, share.tokens) : 0;
                slots = slots(limits, share);
            }
            share.renewing = true;
        }
        store.grantLater(tenant, limits, instance, giveBack, want, slots).subscribe().with(grant -> {
            synchronized (share) {
                share.renewing = false;
                if (limits.equals(share.limits)) {
                    share.granted(grant);
                } // else: a request took a share under new limits meanwhile; this grant's few tokens are dropped
                share.notifyAll();
            }
        }, failure -> {
            synchronized (share) {
                share.renewing = false; // what was given back may or may not have arrived: not counted twice
                share.notifyAll();
            }
            LOG.debugf("could not renew the share of tenant %s: %s", tenant, failure.toString());
        });
    }

    /** Tokens to ask for: up to one batch held, rate x window (at least 1, at most a quarter of the burst). */
    private long batch(LimitValues limits, long held) {
        return Math.max(held >= 1 ? 0 : 1, batchSize(limits) - held);
    }

    private long batchSize(LimitValues limits) {
        return Math.max(1, Math.min((long) (limits.requestsPerSecond() * (windowNanos / 1e9)), limits.burst() / 4));
    }

    /** Slots to hold: the requests in flight, one more, and a tenth of the limit (at least 1). */
    private static int slots(LimitValues limits, Share share) {
        return share.inFlight + 1 + Math.max(1, limits.maxInFlight() / 10);
    }
}
