package io.stressfw.safety.rule;

import io.stressfw.model.Checks;

/**
 * The values of the last {@code lengthMs} milliseconds, in a ring buffer with a running sum. Bounded: beyond
 * {@code capacity} values the oldest are dropped, so a flood of samples cannot exhaust memory.
 */
public final class SlidingWindow {
    public static final int DEFAULT_CAPACITY = 4096;

    private final long lengthMs;
    private final long[] times;
    private final double[] values;
    private double[] scratch = new double[0];
    private int head;
    private int size;
    private double sum;

    public SlidingWindow(long lengthMs, int capacity) {
        Checks.positive(lengthMs, "window length in ms");
        Checks.positive(capacity, "window capacity");
        this.lengthMs = lengthMs;
        this.times = new long[capacity];
        this.values = new double[capacity];
    }

    /** Adds a value observed at {@code nowMs} and drops the ones older than the window. */
    public void add(long nowMs, double value) {
        evict(nowMs);
        if (size == values.length) {
            sum -= values[head];
            head = (head + 1) % values.length;
            size--;
        }
        int tail = (head + size) % values.length;
        times[tail] = nowMs;
        values[tail] = value;
        size++;
        sum += value;
    }

    private void evict(long nowMs) {
        long oldest = nowMs - lengthMs;
        while (size > 0 && times[head] < oldest) {
            sum -= values[head];
            head = (head + 1) % values.length;
            size--;
        }
        if (size == 0) {
            // Resetting avoids accumulating floating-point drift in the running sum over long runs.
            sum = 0;
        }
    }

    public int size() {
        return size;
    }

    public double mean() {
        requireValues();
        return sum / size;
    }

    public double max() {
        requireValues();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, values[(head + i) % values.length]);
        }
        return max;
    }

    public double min() {
        requireValues();
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            min = Math.min(min, values[(head + i) % values.length]);
        }
        return min;
    }

    /** The nearest-rank percentile ({@code 0 < p <= 100}) of the values in the window. */
    public double percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        requireValues();
        if (scratch.length < size) {
            scratch = new double[values.length];
        }
        for (int i = 0; i < size; i++) {
            scratch[i] = values[(head + i) % values.length];
        }
        int rank = (int) Math.ceil(p / 100.0 * size);
        return select(scratch, size, Math.max(0, rank - 1));
    }

    /** The k-th smallest of {@code a[0..n)} by quickselect: O(n) on average, where a sort would be O(n log n). */
    private static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private void requireValues() {
        if (size == 0) {
            throw new IllegalStateException("the window holds no values");
        }
    }
}
