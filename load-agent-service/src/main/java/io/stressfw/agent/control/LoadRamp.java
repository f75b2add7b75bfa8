package io.stressfw.agent.control;

import io.stressfw.model.Checks;

/** A linear ramp of the phase load from one value to another over a duration, on the controller's monotonic clock (ms). */
public record LoadRamp(double from, double to, long startMs, long durationMs) {
    public LoadRamp {
        Checks.between(from, 0, 100, "ramp from");
        Checks.between(to, 0, 100, "ramp to");
        Checks.nonNegative(durationMs, "ramp duration (ms)");
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
}
