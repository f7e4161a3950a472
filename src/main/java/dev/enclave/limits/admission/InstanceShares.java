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
 * admitted locally while the share has a token and a free slot and is younger than the share window
 * ({@code enclave.limits.redis.share-window}); otherwise it asks the store once, giving back what is left and taking
 * a new share. A timer gives back the share of a tenant that went quiet, so that no instance sits on tokens or slots.
 * <p>
 * Accuracy: tokens are only ever taken from the one shared bucket, so all instances together admit no more than it
 * allows; at most one share of tokens per instance is spent up to one window after it was taken. A share is at most
 * rate x window tokens (at least 1, at most a quarter of the burst): a tenant limited to 10/s takes one token per
 * request, exactly as a per-request check would. Slots: an instance holds at most its in-flight requests plus a
 * tenth of the limit (at least 1), and all instances' slots together never exceed the limit.
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
        long takenAtNanos;
        /** The bucket as the store reported it with the last grant (for the RateLimit headers). */
        long remaining;
        long resetMillis;
        long nextTokenMillis;
        long othersInFlight;
    }

    private final RedisBuckets store;
    private final long windowNanos;
    /** This instance's name in the store's slot hashes: a fresh one per start, so a restart never inherits slots. */
    private final String instance = UUID.randomUUID().toString();
    private final ConcurrentHashMap<String, Share> shares = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    @Inject
    InstanceShares(RedisBuckets store, LimitsConfig config) {
        this(store, config.redis().shareWindow());
    }

    /** Another instance's shares on the same store, for tests. */
    InstanceShares(RedisBuckets store, Duration window) {
        this.store = store;
        this.windowNanos = window.toNanos();
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "limits-shares");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1, TimeUnit.NANOSECONDS.toMillis(windowNanos));
        timer.scheduleWithFixedDelay(this::giveBackQuiet, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        giveBackAll();
    }

    /** Every share back to the store now, slots included (stopping: the other instances may use them at once). */
    void giveBackAll() {
        shares.forEach((tenant, share) -> giveBack(new TenantId(tenant), share, true));
    }

    /** Admits or refuses one request; throws when the store fails (the caller then decides alone). */
    Admission admit(TenantId tenant, LimitValues limits, String lease) {
        Share share = shares.computeIfAbsent(tenant.value(), t -> new Share());
        synchronized (share) {
            long now = System.nanoTime();
            boolean usable = limits.equals(share.limits) && now - share.takenAtNanos < windowNanos
                    && share.tokens >= 1 && share.inFlight < share.slots;
            if (!usable) {
                take(tenant, share, limits, now);
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

    /** Frees an admitted request's slot on this instance; the store hears of it with the next share. */
    void release(TenantId tenant) {
        Share share = shares.get(tenant.value());
        if (share != null) {
            synchronized (share) {
                share.inFlight = Math.max(0, share.inFlight - 1);
            }
        }
    }

    /** A new share: what is left goes back, a batch of tokens and enough slots for one more request come. */
    private void take(TenantId tenant, Share share, LimitValues limits, long now) {
        int rate = limits.requestsPerSecond();
        long batch = Math.max(1, Math.min((long) (rate * (windowNanos / 1e9)), limits.burst() / 4));
        int slots = share.inFlight + 1 + Math.max(1, limits.maxInFlight() / 10);
        RedisBuckets.Grant grant = store.grant(tenant, limits, instance, share.tokens, batch, slots);
        share.limits = limits;
        share.tokens = grant.tokens();
        share.slots = grant.slots();
        share.takenAtNanos = now;
        share.remaining = grant.remaining();
        share.resetMillis = grant.resetMillis();
        share.nextTokenMillis = grant.nextTokenMillis();
        share.othersInFlight = grant.othersInFlight();
    }

    /** The timer: shares not renewed for a window go back (tokens all, slots down to what is in flight). */
    private void giveBackQuiet() {
        shares.forEach((tenant, share) -> giveBack(new TenantId(tenant), share, false));
    }

    private void giveBack(TenantId tenant, Share share, boolean all) {
        synchronized (share) {
            if (share.limits == null || (share.tokens == 0 && share.slots <= share.inFlight)
                    || (!all && System.nanoTime() - share.takenAtNanos < windowNanos)) {
                return;
            }
            try {
                RedisBuckets.Grant grant = store.grant(tenant, share.limits, instance, share.tokens, 0, all ? 0 : share.inFlight);
                share.tokens = 0;
                share.slots = grant.slots();
                share.takenAtNanos = System.nanoTime();
                share.remaining = grant.remaining();
            } catch (RuntimeException e) {
                // Kept for the next try; slots held in the store expire after the in-flight lease anyway.
                LOG.debugf("could not give back the share of tenant %s: %s", tenant, e.toString());
            }
        }
    }
}
