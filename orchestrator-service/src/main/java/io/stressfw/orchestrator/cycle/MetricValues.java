package io.stressfw.orchestrator.cycle;

import java.util.Arrays;

/**
 * The values of one metric over a hold: count, mean and max exactly, and a p95 from at most {@value #CAPACITY}
 * values kept. A longer hold keeps every other value each time the store fills (a systematic sample, every 2nd, then
 * every 4th, ...), so a p95 over an hour of 10 Hz samples still rests on an even spread of 2048 or more. Not
 * thread-safe.
 */
final class MetricValues {
    static final int CAPACITY = 4096;

    private double[] kept = new double[64];
    private int size;
    private int stride = 1;
    private long seen;
    private double sum;
    private double max = Double.NEGATIVE_INFINITY;

    void add(double value) {
        if (seen++ % stride == 0) {
            if (size == kept.length) {
                if (size == CAPACITY) {
                    for (int i = 0; i < size / 2; i++) {
                        kept[i] = kept[2 * i];
                    }
                    size /= 2;
                    stride *= 2;
                } else {
                    kept = Arrays.copyOf(kept, Math.min(CAPACITY, kept.length * 2));
                }
            }
            kept[size++] = value;
        }
        sum += value;
        max = Math.max(max, value);
    }

    long count() {
        return seen;
    }

    double mean() {
        return sum / seen;
    }

    double max() {
        return max;
    }

    /** Nearest rank over the values kept. */
    double p95() {
        double[] sorted = Arrays.copyOf(kept, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(0.95 * size);
        return sorted[Math.max(0, rank - 1)];
    }
}
