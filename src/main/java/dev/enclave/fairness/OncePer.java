package dev.enclave.fairness;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * At most once per interval per tenant: for housekeeping done in a tenant's turn (purging what is old), which need
 * not run on every turn of a busy tenant.
 */
public final class OncePer<K> {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<K, Long> last = new ConcurrentHashMap<>();

    public OncePer(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** True (and remembered as done now) when the tenant's last time is at least an interval ago, or never was. */
    public boolean due(K tenant) {
        long now = nanoClock.getAsLong();
        Long previous = last.get(tenant);
        if (previous != null && now - previous < intervalNanos) {
            return false;
        }
        last.put(tenant, now);
        return true;
    }
}
