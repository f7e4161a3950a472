package dev.enclave.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The busiest {@code capacity} tenants with their measures, in O(capacity) memory however many tenants there are.
 * <p>
 * Space-Saving (Metwally, Agrawal, El Abbadi, "Efficient computation of frequent and top-k elements in data
 * streams", 2005): a tenant not in a full table replaces the one with the lowest score and inherits that score
 * (kept as {@code error}, the most it may be overestimated by), so a tenant whose true score exceeds the smallest
 * tracked score is always tracked. The score is the tenant's requests and events (the recorder's weights).
 * <p>
 * Decay is forward decay (Cormode, Shkapenyuk, Srivastava, Xu, 2009): an occurrence at time t is stored with
 * weight 2^((t - landmark) / halfLife), and read at time now divided by 2^((now - landmark) / halfLife). Adding
 * stays O(1) and scores keep their order without touching every entry; when the weights grow large everything is
 * rescaled once and the landmark moved. Tenants outside the table still count in {@code all}, so "other"
 * (all minus the tracked) is exact up to rounding.
 * Thread-safe: one lock, held for a few array writes (a full-table scan only when a new tenant evicts one).
 */
final class TopTenants {

    /** 2^512 is far from double's limit (2^1023): rescale before weights get there. */
    private static final double RESCALE_EXPONENT = 512;
    static final String OTHER = "other";

    private final int capacity;
    private final double halfLifeMillis;
    private final LongSupplier clockMillis;
    private final Map<String, Counters> tracked = new HashMap<>();
    private final Counters all = new Counters(OTHER, 0);
    private long landmark;

    TopTenants(int capacity, long halfLifeMillis, LongSupplier clockMillis) {
        if (capacity < 1 || halfLifeMillis < 1) {
            throw new IllegalArgumentException("capacity and half-life must be positive");
        }
        this.capacity = capacity;
        this.halfLifeMillis = halfLifeMillis;
        this.clockMillis = clockMillis;
        this.landmark = clockMillis.getAsLong();
    }

    /**
     * Adds {@code amount} to a measure (a counted one) and {@code score} to the tenant's score; a latency sample
     * when {@code latencyNanos >= 0}. A score of 0 never admits an untracked tenant (it only counts in "other").
     */
    synchronized void record(String tenant, double score, Measure measure, double amount, long latencyNanos) {
        double weight = weightNow();
        all.add(measure, amount * weight, latencyNanos, weight);
        Counters counters = score > 0 ? admit(tenant) : tracked.get(tenant);
        if (counters != null) {
            counters.score += score * weight;
            counters.add(measure, amount * weight, latencyNanos, weight);
        }
    }

    /** A level, not a count: the tenant's pending outbox events as of now (tracked tenants only). */
    synchronized void level(String tenant, long backlog) {
        Counters counters = tracked.get(tenant);
        if (counters != null) {
            counters.backlog = backlog;
            counters.backlogAt = clockMillis.getAsLong();
        }
    }

    synchronized Optional<TenantSnapshot> snapshot(String tenant, long backlogFreshMillis) {
        Counters counters = tracked.get(tenant);
        return counters == null ? Optional.empty() : Optional.of(counters.snapshot(decayNow(), clockMillis.getAsLong(),
                backlogFreshMillis));
    }

    /** Every tracked tenant, and "other": everything recorded for tenants that are not tracked (now or then). */
    synchronized Snapshots snapshots(long backlogFreshMillis) {
        double decay = decayNow();
        long now = clockMillis.getAsLong();
        List<TenantSnapshot> tenants = new ArrayList<>(tracked.size());
        Counters rest = all.copy();
        for (Counters counters : tracked.values()) {
            tenants.add(counters.snapshot(decay, now, backlogFreshMillis));
            rest.subtract(counters);
        }
        return new Snapshots(tenants, rest.snapshot(decay, now, backlogFreshMillis));
    }

    record Snapshots(List<TenantSnapshot> tenants, TenantSnapshot other) {
    }

    synchronized int size() {
        return tracked.size();
    }

    private Counters admit(String tenant) {
        Counters counters = tracked.get(tenant);
        if (counters != null) {
            return counters;
        }
        double inherited = 0;
        if (tracked.size() >= capacity) {
            Counters least = null;
            for (Counters c : tracked.values()) {
                if (least == null || c.score < least.score) {
                    least = c;
                }
            }
            tracked.remove(least.tenant);
            inherited = least.score;
        }
        counters = new Counters(tenant, clockMillis.getAsLong());
        counters.score = inherited;
        counters.error = inherited;
        tracked.put(tenant, counters);
        return counters;
    }

    /** The forward-decay weight of an occurrence now; rescales everything first when it would grow too large. */
    private double weightNow() {
        long now = clockMillis.getAsLong();
        double exponent = (now - landmark) / halfLifeMillis;
        if (exponent > RESCALE_EXPONENT) {
            double factor = Math.pow(2, -exponent);
            all.scale(factor);
            tracked.values().forEach(c -> c.scale(factor));
            landmark = now;
            exponent = 0;
        }
        return Math.pow(2, exponent);
    }

    /** What a stored weight is worth now. */
    private double decayNow() {
        return Math.pow(2, -(clockMillis.getAsLong() - landmark) / halfLifeMillis);
    }
}
