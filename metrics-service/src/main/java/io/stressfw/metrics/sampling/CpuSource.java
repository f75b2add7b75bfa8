package io.stressfw.metrics.sampling;

/** Reads the host's per-core CPU tick counters and its load average. */
public interface CpuSource {
    /** Tick layout of {@link #coreTicks()}, the order of {@code /proc/stat} and of OSHI's {@code TickType}. */
    int USER = 0, NICE = 1, SYSTEM = 2, IDLE = 3, IOWAIT = 4, IRQ = 5, SOFTIRQ = 6, STEAL = 7, TICK_TYPES = 8;

    /** How many logical processors the samples report. */
    int coreCount();

    /**
     * Cumulative ticks per logical processor, {@link #TICK_TYPES} each in the order above; an entry is null for a
     * core the host did not report this time (taken offline).
     */
    long[][] coreTicks();

    /** The 1-minute load average; negative when the host does not give one. */
    double loadAverage();

    /** Which source this is, for the heartbeat and logs ({@code procfs}, {@code oshi}). */
    String name();
}
