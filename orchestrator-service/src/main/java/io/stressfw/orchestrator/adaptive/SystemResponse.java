package io.stressfw.orchestrator.adaptive;

import io.stressfw.model.Checks;

/**
 * How the system answered one evaluation period at {@code target_percent}: the agents' mean achieved load, the
 * host's memory usage, and the optional HTTP probe of the system under test. Null means "not measured".
 */
public record SystemResponse(double targetPercent, Double achievedPercent, Double memoryUsagePercent,
                             Double probeLatencyMs, Double probeErrorRate) {
    public SystemResponse {
        Checks.between(targetPercent, 0, 100, "target_percent");
        Checks.nonNegativeOrNull(achievedPercent, "achieved_percent");
        Checks.nonNegativeOrNull(probeLatencyMs, "probe_latency_ms");
        if (probeErrorRate != null) {
            Checks.between(probeErrorRate, 0, 1, "probe_error_rate");
        }
    }

    /**
     * Whether the system's answer to the load was measured at all: the agents' achieved load or the probe. Host
     * memory alone says nothing about how the load was absorbed.
     */
    public boolean usable() {
        return achievedPercent != null || probeLatencyMs != null || probeErrorRate != null;
    }

    public static SystemResponse of(double targetPercent, Double achievedPercent) {
        return new SystemResponse(targetPercent, achievedPercent, null, null, null);
    }
}
