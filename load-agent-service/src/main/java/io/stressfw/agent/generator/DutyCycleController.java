package io.stressfw.agent.generator;

import io.stressfw.model.Checks;

/**
 * Closed-loop duty cycle of one CPU worker: each precision interval it asks for {@code duty x interval} of CPU time
 * plus whatever was missed (or minus what was overshot) in earlier intervals, measured from the thread's real CPU
 * time. The carried error is bounded to one interval so a starved worker cannot bank a burst.
 */
public final class DutyCycleController {
    private final long intervalNanos;
    private double carryNanos;

    public DutyCycleController(long intervalNanos) {
        Checks.between(intervalNanos / 1e6, 1, 100, "precision interval (ms)");
        this.intervalNanos = intervalNanos;
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    /** CPU nanoseconds to burn in the next interval for {@code duty} in [0, 1]. */
    public long busyNanos(double duty) {
        Checks.between(duty, 0, 1, "duty");
        if (duty == 0) {
            carryNanos = 0;
            return 0;
        }
        return (long) clamp(duty * intervalNanos + carryNanos, 0, intervalNanos);
    }

    /** Records an interval as run: its wall length and the CPU time the thread really got. */
    public void record(double duty, long wallNanos, long cpuNanos) {
        Checks.between(duty, 0, 1, "duty");
        Checks.nonNegative(wallNanos, "wall nanos");
        Checks.nonNegative(cpuNanos, "cpu nanos");
        carryNanos = clamp(carryNanos + duty * wallNanos - cpuNanos, -intervalNanos, intervalNanos);
    }

    public double carryNanos() {
        return carryNanos;
    }

    static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
