package com.jarvis.ingress.bench.loadgen;

import java.util.Arrays;

/** p50, p95 and max of a set of durations (nearest-rank). */
record Percentiles(long p50, long p95, long max, int count) {

    static Percentiles of(long[] values) {
        if (values.length == 0) {
            return new Percentiles(-1, -1, -1, 0);
        }
        long[] v = values.clone();
        Arrays.sort(v);
        return new Percentiles(rank(v, 0.50), rank(v, 0.95), v[v.length - 1], v.length);
    }

    private static long rank(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
