package dev.enclave.fairness;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Whether a tenant is busy: at least {@code perSecond} items counted in the current second or in the one before.
 * Tells {@link FairTurns} which tenants are bulk (a flood being drained) without a setting per tenant. Memory is
 * the tenants counted in the last two seconds; older ones are dropped as seconds roll over.
 */
public final class RecentRate<K> {

    private static final long SECOND = 1_000_000_000L;

    private final long perSecond;
    private final LongSupplier nanoClock;
    /** Per tenant: {second, count in it, count in the second before}. */
    private final Map<K, long[]> counts = new ConcurrentHashMap<>();
    private volatile long swept;

    /** @param perSecond 0: nobody is ever busy */
    public RecentRate(long perSecond, LongSupplier nanoClock) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("a rate must not be negative");
        }
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
    }

    /** Counts {@code n} items of the tenant; true when it is busy, these included. */
    public boolean add(K tenant, long n) {
        if (perSecond == 0) {
            return false;
        }
        long second = nanoClock.getAsLong() / SECOND;
        sweep(second);
        boolean[] busy = new boolean[1];
        counts.compute(tenant, (k, c) -> {
            long[] now = roll(c, second);
            now[1] += n;
            busy[0] = now[1] >= perSecond || now[2] >= perSecond;
            return now;
        });
        return busy[0];
    }

    /** True when the tenant counted at least the rate in this second or the one before. */
    public boolean busy(K tenant) {
        return add(tenant, 0);
    }

    private static long[] roll(long[] c, long second) {
        if (c == null) {
            return new long[] { second, 0, 0 };
        }
        if (c[0] != second) {
            c[2] = c[0] == second - 1 ? c[1] : 0;
            c[1] = 0;
            c[0] = second;
        }
        return c;
    }

    private void sweep(long second) {
        if (swept != second) {
            swept = second;
            counts.values().removeIf(c -> c[0] < second - 1);
        }
    }
}
