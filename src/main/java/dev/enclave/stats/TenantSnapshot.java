package dev.enclave.stats;

import java.util.Map;

/** A tenant's measures as of one moment; {@code score} and {@code error} are decayed like the counts. */
record TenantSnapshot(String tenant, long sinceMillis, double score, double error, Map<Measure, Double> values) {

    double value(Measure measure) {
        return values.getOrDefault(measure, 0.0);
    }
}
