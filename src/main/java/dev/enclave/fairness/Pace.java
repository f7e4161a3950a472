package dev.enclave.fairness;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How fast one tenant may go: a token bucket per tenant, refilled at {@code perSecond} and holding at most 20 ms
 * worth (small, frequent passes: a burst of a whole second's worth would still take the machine for a moment). It is
 * a ceiling, not a share: it holds when the tenant is alone too, because the next tenant's work arrives unannounced
 * and must find the machine not saturated. Used with {@link FairTurns}: a paced tenant gives its turn back and comes
 * back for a pass of 20 ms worth ({@link #millisUntilFull}), not for one item at a time.
 * <p>
 * A pass {@link #take}s its budget before it works and {@link #giveBack}s what it did not use. The buckets live in a
 * {@link Store}: this instance's memory ({@link #local}), or a store every instance shares, so that N instances give
 * a tenant the pace once, not N times. A shared store that fails is not trusted for {@code retryNanos}: the tenant is
 * paced by this instance's own bucket meanwhile (never unpaced), then the store is asked again.
 */
public final class Pace<K> {

    /** What a store granted: tokens taken (0..want), and milliseconds until the bucket is full again. */
    public record Grant(int taken, long millisUntilFull) {
    }

    /** Where the buckets are kept. Thread-safe; a shared store may throw (then the local buckets decide). */
    public interface Store<K> {
        /**
         * Atomically: refills the key's bucket ({@code capacity}, {@code perSecond}; a new bucket starts full),
         * puts back {@code giveBack} unused tokens (never above capacity), then takes up to {@code want} whole tokens.
         */
        Grant take(K key, double capacity, int perSecond, int giveBack, int want);
    }

    /** Outcome of a failed shared store, for the caller's log and metrics. */
    public interface Fallback {
        void storeFailed(RuntimeException failure);

        void storeBack();
    }

    private final int perSecond;
    private final double capacity;
    private final Store<K> store;
    private final Store<K> local;
    private final long retryNanos;
    private final LongSupplier nanoClock;
    private final Fallback fallback;
    private final Map<K, Long> fullAt = new ConcurrentHashMap<>();
    private volatile long localUntil;
    private volatile boolean degraded;

    /** This instance's buckets only. @param perSecond 0 = no limit */
    public Pace(int perSecond, LongSupplier nanoClock) {
        this(perSecond, nanoClock, null, 0, null);
    }

    /**
     * @param perSecond 0 = no limit
     * @param shared the store every instance uses (null: this instance's buckets only)
     * @param retryNanos after the shared store failed, how long this instance paces alone before asking it again
     */
    public Pace(int perSecond, LongSupplier nanoClock, Store<K> shared, long retryNanos, Fallback fallback) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("a pace must not be negative");
        }
        this.perSecond = perSecond;
        this.capacity = Math.max(1, perSecond / 50.0);
        this.nanoClock = nanoClock;
        this.local = local(nanoClock);
        this.store = shared == null ? local : shared;
        this.retryNanos = retryNanos;
        this.fallback = fallback;
        this.localUntil = nanoClock.getAsLong();
    }

    public boolean unlimited() {
        return perSecond == 0;
    }

    /** Takes the tenant's budget for a pass: as many as it may do now, at most {@code max} (0: wait). */
    public int take(K tenant, int max) {
        return unlimited() ? max : grant(tenant, 0, max);
    }

    /** Puts back what a pass took and did not use, so a tenant with little to do is not charged for its budget. */
    public void giveBack(K tenant, int unused) {
        if (!unlimited() && unused > 0) {
            grant(tenant, unused, 0);
        }
    }

    /** Milliseconds until the tenant's bucket is full again, as of its last {@link #take} or {@link #giveBack}. */
    public long millisUntilFull(K tenant) {
        if (unlimited()) {
            return 0;
        }
        Long at = fullAt.get(tenant);
        return at == null ? 0 : Math.max(0, (at - nanoClock.getAsLong() + 999_999) / 1_000_000);
    }

    private int grant(K tenant, int giveBack, int want) {
        Grant grant = decide(tenant, giveBack, want);
        fullAt.put(tenant, nanoClock.getAsLong() + grant.millisUntilFull() * 1_000_000L);
        return grant.taken();
    }

    private Grant decide(K tenant, int giveBack, int want) {
        if (store == local || nanoClock.getAsLong() - localUntil < 0) {
            return local.take(tenant, capacity, perSecond, giveBack, want);
        }
        try {
            Grant grant = store.take(tenant, capacity, perSecond, giveBack, want);
            if (degraded) {
                degraded = false;
                if (fallback != null) {
                    fallback.storeBack();
                }
            }
            return grant;
        } catch (RuntimeException e) {
            localUntil = nanoClock.getAsLong() + retryNanos;
            if (!degraded) {
                degraded = true;
                if (fallback != null) {
                    fallback.storeFailed(e);
                }
            }
            return local.take(tenant, capacity, perSecond, giveBack, want);
        }
    }

    /** True while a shared store failed and this instance paces alone. */
    public boolean degraded() {
        return degraded;
    }

    /** Buckets in this instance's memory ({@link TokenBucket}s). */
    public static <K> Store<K> local(LongSupplier nanoClock) {
        Map<K, TokenBucket> buckets = new ConcurrentHashMap<>();
        return (key, capacity, perSecond, giveBack, want) -> {
            TokenBucket bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(capacity, perSecond, nanoClock));
            synchronized (bucket) {
                if (giveBack > 0) {
                    bucket.spend(-Math.min(giveBack, bucket.capacity() - bucket.tokens()));
                }
                int taken = bucket.available(want);
                bucket.spend(taken);
                return new Grant(taken, bucket.millisUntilFull());
            }
        };
    }
}
