package io.stressfw.metrics.sampling;

/** Rates and shares from two readings of monotonic counters, computed here rather than by OSHI so that one read serves all. */
public final class CounterRate {
    private CounterRate() {
    }

    /**
     * Per-second rate of a counter between two readings; null when there is no earlier reading, no time passed, or
     * the counter went backwards (a reset or a device that disappeared): a made-up 0 would be a lie.
     */
    public static Double perSecond(long previous, long current, long elapsedNanos) {
        if (previous < 0 || current < 0 || elapsedNanos <= 0 || current < previous) {
            return null;
        }
        return (current - previous) * 1e9 / elapsedNanos;
    }

    /**
     * CPU busy share in percent between two tick readings (any tick layout): 100 * (1 - idle delta / total delta),
     * clamped to [0, 100]; null when no tick passed or a counter went backwards.
     */
    public static Double busyPercent(long[] previous, long[] current, int[] idleIndices) {
        long total = ticksPassed(previous, current);
        if (total <= 0) {
            return null;
        }
        long idle = 0;
        for (int index : idleIndices) {
            idle += current[checkedIndex(index, current)] - previous[index];
        }
        return clampPercent(100.0 * (1.0 - (double) idle / total));
    }

    /**
     * Share in percent of the ticks that passed between two readings spent in one tick type (the hypervisor's
     * steal, for one); null when no tick passed or a counter went backwards.
     */
    public static Double sharePercent(long[] previous, long[] current, int index) {
        long total = ticksPassed(previous, current);
        if (total <= 0) {
            return null;
        }
        return clampPercent(100.0 * (current[checkedIndex(index, current)] - previous[index]) / total);
    }

    /** All ticks that passed; -1 when a reading is missing, the layouts differ or a counter went backwards. */
    private static long ticksPassed(long[] previous, long[] current) {
        if (previous == null || current == null || previous.length != current.length) {
            return -1;
        }
        long total = 0;
        for (int i = 0; i < current.length; i++) {
            long delta = current[i] - previous[i];
            if (delta < 0) {
                return -1;
            }
            total += delta;
        }
        return total;
    }

    private static int checkedIndex(int index, long[] ticks) {
        if (index < 0 || index >= ticks.length) {
            throw new IllegalArgumentException("tick index " + index + " outside 0.." + (ticks.length - 1));
        }
        return index;
    }

    /** Used share in percent of a total, clamped to [0, 100]; null when the total is unknown or 0. */
    public static Double usedPercent(long used, long total) {
        if (total <= 0 || used < 0) {
            return null;
        }
        return clampPercent(100.0 * used / total);
    }

    static double clampPercent(double value) {
        return Math.max(0, Math.min(100, value));
    }
}
