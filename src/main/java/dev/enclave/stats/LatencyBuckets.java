package dev.enclave.stats;

/**
 * Log-linear latency buckets, four per doubling (each about 19% wide, so a percentile is within ~10%), from
 * 50 µs to about 52 s; anything outside lands in the first or last bucket. 80 doubles per tenant instead of an
 * HdrHistogram: the weights are decayed, and a percentile this coarse is what an operator needs to spot a tenant.
 */
final class LatencyBuckets {

    static final int SIZE = 80;
    private static final double BASE_MICROS = 50;
    private static final int PER_DOUBLING = 4;

    private LatencyBuckets() {
    }

    static int index(long nanos) {
        double micros = nanos / 1_000.0;
        if (micros <= BASE_MICROS) {
            return 0;
        }
        int i = (int) Math.floor(PER_DOUBLING * (Math.log(micros / BASE_MICROS) / Math.log(2)));
        return Math.min(SIZE - 1, i);
    }

    /** The geometric middle of a bucket, in milliseconds. */
    static double middleMillis(int index) {
        return BASE_MICROS * Math.pow(2, (index + 0.5) / PER_DOUBLING) / 1_000.0;
    }

    /** The q-quantile (0 < q <= 1) of the weights, in milliseconds; 0 when there are none. */
    static double quantileMillis(double[] weights, double q) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        if (total <= 0) {
            return 0;
        }
        double seen = 0;
        for (int i = 0; i < weights.length; i++) {
            seen += weights[i];
            if (seen >= q * total) {
                return middleMillis(i);
            }
        }
        return middleMillis(weights.length - 1);
    }
}
