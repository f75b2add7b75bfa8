package io.stressfw.agent.control;

/** A linear ramp of the phase load from one value to another over a duration, starting at a wall-clock instant. */
public record LoadRamp(double from, double to, long startMs, long durationMs) {
    public LoadRamp {
        checkLoad(from, "from");
        checkLoad(to, "to");
        if (durationMs < 0) {
            throw new IllegalArgumentException("ramp duration must be >= 0 ms, was " + durationMs);
        }
    }

    public static LoadRamp constant(double load, long nowMs) {
        return new LoadRamp(load, load, nowMs, 0);
    }

    /** The load at {@code nowMs}, clamped to the ramp's ends. */
    public double valueAt(long nowMs) {
        if (durationMs == 0 || nowMs >= startMs + durationMs) {
            return to;
        }
        if (nowMs <= startMs) {
            return from;
        }
        double progress = (nowMs - startMs) / (double) durationMs;
        return from + (to - from) * progress;
    }

    public boolean finishedAt(long nowMs) {
        return nowMs >= startMs + durationMs;
    }

    private static void checkLoad(double load, String field) {
        if (Double.isNaN(load) || load < 0 || load > 100) {
            throw new IllegalArgumentException("ramp " + field + " must be between 0 and 100, was " + load);
        }
    }
}
