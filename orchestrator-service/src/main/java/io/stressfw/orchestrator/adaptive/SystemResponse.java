package io.stressfw.orchestrator.adaptive;

/**
 * How the system answered one evaluation period at {@code target_percent}: the agents' mean achieved load, the
 * host's memory usage, and the optional HTTP probe of the system under test. Null means "not measured".
 */
public record SystemResponse(double targetPercent, Double achievedPercent, Double memoryUsagePercent,
                             Double probeLatencyMs, Double probeErrorRate) {
    public SystemResponse {
        if (Double.isNaN(targetPercent) || targetPercent < 0 || targetPercent > 100) {
            throw new IllegalArgumentException("target_percent must be between 0 and 100, was " + targetPercent);
        }
        if (achievedPercent != null && (achievedPercent.isNaN() || achievedPercent < 0)) {
            throw new IllegalArgumentException("achieved_percent must be >= 0, was " + achievedPercent);
        }
        if (probeLatencyMs != null && (probeLatencyMs.isNaN() || probeLatencyMs < 0)) {
            throw new IllegalArgumentException("probe_latency_ms must be >= 0, was " + probeLatencyMs);
        }
        if (probeErrorRate != null && (probeErrorRate.isNaN() || probeErrorRate < 0 || probeErrorRate > 1)) {
            throw new IllegalArgumentException("probe_error_rate must be between 0 and 1, was " + probeErrorRate);
        }
    }

    public static SystemResponse of(double targetPercent, Double achievedPercent) {
        return new SystemResponse(targetPercent, achievedPercent, null, null, null);
    }
}
