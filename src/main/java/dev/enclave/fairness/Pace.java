package dev.enclave.fairness;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How fast one tenant may go on this instance: a {@link TokenBucket} per tenant, refilled at {@code perSecond} and
 * holding at most 20 ms worth (small, frequent passes: a burst of a whole second's worth would still take the machine
 * for a moment). It is a ceiling, not a share: it holds when the tenant is alone too, because the next tenant's work
 * arrives unannounced and must find the machine not saturated. Used with {@link FairTurns}: a paced tenant gives its
 * turn back and comes back for a pass of 20 ms worth ({@link #millisUntilFull}), not for one item at a time.
 */
public final class Pace<K> {

    private final int perSecond;
    private final double capacity;
    private final LongSupplier nanoClock;
    private final Map<K, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** @param perSecond 0 = no limit */
    public Pace(int perSecond, LongSupplier nanoClock) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("a pace must not be negative");
        }
        this.perSecond = perSecond;
        this.capacity = Math.max(1, perSecond / 50.0);
        this.nanoClock = nanoClock;
    }

    public boolean unlimited() {
        return perSecond == 0;
    }

    /** How many the tenant may do now, at most {@code max}. */
    public int available(K tenant, int max) {
        return unlimited() ? max : bucket(tenant).available(max);
    }

    /** Charges what a pass did. */
    public void spend(K tenant, int count) {
        if (!unlimited() && count > 0) {
            bucket(tenant).spend(count);
        }
    }

    /** Milliseconds until the tenant's bucket is full again. */
    public long millisUntilFull(K tenant) {
        return unlimited() ? 0 : bucket(tenant).millisUntilFull();
    }

    private TokenBucket bucket(K tenant) {
        return buckets.computeIfAbsent(tenant, t -> new TokenBucket(capacity, perSecond, nanoClock));
    }
}
