package io.stressfw.agent.generator;

import java.util.ArrayDeque;

/** Rate of a cumulative counter over a sliding wall-time window (per second); thread-safe. */
public final class RateWindow {
    private static final long MIN_STEP_NANOS = 50_000_000L;
    private final long windowNanos;
    private final ArrayDeque<long[]> points = new ArrayDeque<>();
    private double lastRate;

    public RateWindow(long windowMillis) {
        if (windowMillis < 100) {
            throw new IllegalArgumentException("rate window must be >= 100 ms, was " + windowMillis);
        }
        this.windowNanos = windowMillis * 1_000_000L;
    }

    /** Records the counter's current value and returns its rate per second over the window. */
    public synchronized double update(long nowNanos, long cumulative) {
        long[] last = points.peekLast();
        if (last != null && cumulative < last[1]) {
            points.clear();
            last = null;
        }
        if (last == null || nowNanos - last[0] >= MIN_STEP_NANOS) {
            points.addLast(new long[]{nowNanos, cumulative});
        }
        while (points.size() > 2 && nowNanos - points.peekFirst()[0] > windowNanos) {
            points.removeFirst();
        }
        long[] first = points.peekFirst();
        long dt = nowNanos - first[0];
        if (dt >= MIN_STEP_NANOS) {
            lastRate = Math.max(0, (cumulative - first[1]) * 1e9 / dt);
        }
        return lastRate;
    }

    public synchronized void reset() {
        points.clear();
        lastRate = 0;
    }
}
