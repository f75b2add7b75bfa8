package io.stressfw.orchestrator.cycle;

import java.util.Map;

/**
 * What the service layer measured since the last tick: the agents' mean achieved load (in load percent), host
 * memory usage, the legacy probe's latency and error rate ({@code stress.orchestrator.probe-url}), and the plan's
 * probes' latest metrics ({@code probe.<name>.<stat>}, what an SLO is judged on); null where nothing was measured.
 */
public record Observation(Double achievedLoadPercent, Double memoryUsagePercent, Double probeLatencyMs,
                          Double probeErrorRate, Map<String, Double> probeMetrics) {
    public static final Observation NONE = new Observation(null, null, null, null);

    public Observation {
        probeMetrics = probeMetrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.HashMap<>(probeMetrics));
    }

    public Observation(Double achievedLoadPercent, Double memoryUsagePercent, Double probeLatencyMs, Double probeErrorRate) {
        this(achievedLoadPercent, memoryUsagePercent, probeLatencyMs, probeErrorRate, Map.of());
    }
}
