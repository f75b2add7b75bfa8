package io.stressfw.safety.preflight;

import io.stressfw.model.Checks;
import io.stressfw.safety.rule.ThresholdRule;

import java.util.List;

/**
 * A phase the orchestrator is about to run, as pre-flight weighs it: its rules (from its thresholds) and the most
 * host CPU it may ask for ({@code max_load} x {@code cpu_weight}; null when not given).
 */
public record PreflightPhase(String phase, Double maxCpuPercent, List<ThresholdRule> rules) {
    public PreflightPhase {
        Checks.notBlank(phase, "phase");
        if (maxCpuPercent != null) {
            Checks.between(maxCpuPercent, 0, 100, "max cpu percent");
        }
        rules = List.copyOf(rules);
    }
}
