package io.stressfw.agent.generator;

/**
 * Closed-loop duty cycle of one CPU worker: each precision interval it asks for {@code duty x interval} of CPU time
 * plus whatever was missed (or minus what was overshot) in earlier intervals, measured from the thread's real CPU
 * time. The carried error is bounded to one interval so a starved worker cannot bank a burst.
 */
public final class DutyCycleController {
    private final long intervalNanos;
    private double carryNanos;

    public DutyCycleController(long intervalNanos) {
        if (intervalNanos < 1_000_000L || intervalNanos > 100_000_000L) {
            throw new IllegalArgumentException("precision interval must be between 1 and 100 ms, was "
                    + intervalNanos / 1e6 + " ms");
        }
        this.intervalNanos = intervalNanos;
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    /** CPU nanoseconds to burn in the next interval for {@code duty} in [0, 1]. */
    public long busyNanos(double duty) {
        checkDuty(duty);
        if (duty == 0) {
            carryNanos = 0;
            return 0;
        }
        return (long) clamp(duty * intervalNanos + carryNanos, 0, intervalNanos);
    }

    /** Records an interval as run: its wall length and the CPU time the thread really got. */
    public void record(double duty, long wallNanos, long cpuNanos) {
        checkDuty(duty);
        if (wallNanos < 0 || cpuNanos < 0) {
            throw new IllegalArgumentException("wall and cpu nanos must be >= 0");
        }
        carryNanos = clamp(carryNanos + duty * wallNanos - cpuNanos, -intervalNanos, intervalNanos);
    }

    public double carryNanos() {
        return carryNanos;
    }

    private static void checkDuty(double duty) {
        if (Double.isNaN(duty) || duty < 0 || duty > 1) {
            throw new IllegalArgumentException("duty must be between 0 and 1, was " + duty);
        }
    }

    static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
