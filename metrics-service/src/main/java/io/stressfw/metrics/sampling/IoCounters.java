package io.stressfw.metrics.sampling;

/**
 * Cumulative disk and network counters of the host; -1 marks a counter this host cannot read.
 */
public record IoCounters(long diskReads, long diskWrites, long diskReadBytes, long diskWriteBytes,
                         long networkRxBytes, long networkTxBytes) {
    public static final IoCounters UNAVAILABLE = new IoCounters(-1, -1, -1, -1, -1, -1);
}
