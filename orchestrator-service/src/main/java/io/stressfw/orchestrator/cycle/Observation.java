package io.stressfw.orchestrator.cycle;

/**
 * What the service layer measured since the last tick: the agents' mean achieved load (in load percent), host
 * memory usage and the probe's latency and error rate; null where nothing was measured.
 */
public record Observation(Double achievedLoadPercent, Double memoryUsagePercent, Double probeLatencyMs,
                          Double probeErrorRate) {
    public static final Observation NONE = new Observation(null, null, null, null);
}
