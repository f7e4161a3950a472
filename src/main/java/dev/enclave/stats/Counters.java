package dev.enclave.stats;

import java.util.EnumMap;
import java.util.Map;

/** One tenant's forward-decayed weights (see {@link TopTenants}); guarded by the table's lock. */
final class Counters {

    final String tenant;
    final long since;
    double score;
    double error;
    long backlog;
    long backlogAt;
    private final double[] counts = new double[Measure.COUNTED];
    private final double[] latency = new double[LatencyBuckets.SIZE];

    Counters(String tenant, long since) {
        this.tenant = tenant;
        this.since = since;
    }

    void add(Measure measure, double weightedAmount, long latencyNanos, double weight) {
        if (measure.counted()) {
            counts[measure.ordinal()] += weightedAmount;
        }
        if (latencyNanos >= 0) {
            latency[LatencyBuckets.index(latencyNanos)] += weight;
        }
    }

    void scale(double factor) {
        score *= factor;
        error *= factor;
        for (int i = 0; i < counts.length; i++) {
            counts[i] *= factor;
        }
        for (int i = 0; i < latency.length; i++) {
            latency[i] *= factor;
        }
    }

    Counters copy() {
        Counters copy = new Counters(tenant, since);
        System.arraycopy(counts, 0, copy.counts, 0, counts.length);
        System.arraycopy(latency, 0, copy.latency, 0, latency.length);
        return copy;
    }

    /** Takes another's weights out of these (clamped at 0: rounding must not make a count negative). */
    void subtract(Counters other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = Math.max(0, counts[i] - other.counts[i]);
        }
        for (int i = 0; i < latency.length; i++) {
            latency[i] = Math.max(0, latency[i] - other.latency[i]);
        }
    }

    TenantSnapshot snapshot(double decay, long now, long backlogFreshMillis) {
        Map<Measure, Double> values = new EnumMap<>(Measure.class);
        for (Measure m : Measure.values()) {
            if (m.counted()) {
                values.put(m, counts[m.ordinal()] * decay);
            }
        }
        // A backlog the relay has not reported lately is gone: it only reports tenants with pending events.
        values.put(Measure.OUTBOX_BACKLOG, now - backlogAt <= backlogFreshMillis ? (double) backlog : 0.0);
        values.put(Measure.LATENCY_P50_MS, LatencyBuckets.quantileMillis(latency, 0.50));
        values.put(Measure.LATENCY_P99_MS, LatencyBuckets.quantileMillis(latency, 0.99));
        return new TenantSnapshot(tenant, since, score * decay, error * decay, values);
    }
}
