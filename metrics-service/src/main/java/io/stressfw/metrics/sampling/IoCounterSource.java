package io.stressfw.metrics.sampling;

/** Reads the host's cumulative disk and network counters. */
public interface IoCounterSource {
    IoCounters read();

    /** Which source this is, for the heartbeat and logs ({@code procfs}, {@code oshi}). */
    String name();
}
