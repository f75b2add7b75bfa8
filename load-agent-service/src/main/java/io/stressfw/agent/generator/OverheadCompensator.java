package io.stressfw.agent.generator;

import io.stressfw.model.Checks;

/**
 * Agent mode of the CPU generator: the duty each worker runs so that the workers plus the agent's own work (the JVM,
 * Kafka, samples, REST: the process's CPU time minus every load thread's) sit at the target share of the agent's
 * cores, which is what /proc, {@code top} and the container's CPU accounting show. The own work is fed forward as a
 * moving average: it is steady, and a GC or JIT burst is paid back, in full, over the next second instead of in one
 * jolt. The average is unbiased, so no integral term is needed; one was tried and made things worse, because it
 * also reacted to the bursts that the average already pays back.
 */
public final class OverheadCompensator {
    private final int cores;
    private final double smoothing;
    private double overheadCores = Double.NaN;

    /**
     * @param cores     the cores the workers share
     * @param smoothing weight of the newest window in the moving average, in (0, 1]
     */
    public OverheadCompensator(int cores, double smoothing) {
        Checks.positive(cores, "cores");
        if (Double.isNaN(smoothing) || smoothing <= 0 || smoothing > 1) {
            throw new IllegalArgumentException("smoothing must be in (0, 1], was " + smoothing);
        }
        this.cores = cores;
        this.smoothing = smoothing;
    }

    /**
     * Records one window: its wall length and the CPU time the agent's own work used in it, which may be slightly
     * negative because the process CPU time has a 10 ms clock.
     */
    public void record(long wallNanos, long overheadCpuNanos) {
        Checks.positive(wallNanos, "window (ns)");
        double sample = overheadCpuNanos / (double) wallNanos;
        // Not clamped at 0: a window that reads low on the 10 ms clock is followed by one that reads high, and only
        // the unclamped average stays unbiased.
        overheadCores = DutyCycleController.clamp(Double.isNaN(overheadCores) ? sample
                : overheadCores + smoothing * (sample - overheadCores), -cores, cores);
    }

    /** The agent's own work in cores (moving average), 0 until the first window. */
    public double overheadCores() {
        return Double.isNaN(overheadCores) ? 0 : overheadCores;
    }

    /** Worker duty in [0, 1] for a target in percent of the cores. */
    public double duty(double targetPercent) {
        Checks.between(targetPercent, 0, 100, "target percent");
        if (targetPercent == 0) {
            return 0;
        }
        return DutyCycleController.clamp(targetPercent / 100 - overheadCores() / cores, 0, 1);
    }
}
