package io.stressfw.orchestrator.slo;

import io.stressfw.model.ProbeMetricNames;
import io.stressfw.model.ProbeSpec;
import io.stressfw.model.SloObjective;
import io.stressfw.model.SloSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The steady-state hypothesis: every probe marked {@code steady_state} holds when each attempt of its window
 * succeeded and each SLO objective on it holds. Judged before a cycle starts (the baseline: the probes run from
 * start-up) and after the ramp-down (did the service recover?).
 */
public final class SteadyStateCheck {
    private SteadyStateCheck() {
    }

    /** Why the hypothesis does not hold now, one reason per probe and objective; empty when it holds or has no probe. */
    public static List<String> failures(Map<String, ProbeSpec> probes, SloSpec slo, Map<String, Map<String, Double>> readings) {
        List<String> failures = new ArrayList<>();
        for (ProbeSpec probe : probes.values()) {
            if (!probe.settings().steadyState()) {
                continue;
            }
            Map<String, Double> metrics = readings.get(probe.name());
            if (metrics == null || metrics.isEmpty()) {
                failures.add("probe " + probe.name() + " has no result yet");
                continue;
            }
            Double errors = metrics.get(ProbeMetricNames.metric(probe.name(), ProbeMetricNames.ERROR_RATE));
            if (errors == null || errors > 0) {
                failures.add("probe " + probe.name() + " failed " + (errors == null ? "" : Math.round(errors * 100) + "% of ")
                        + "its attempts in its " + io.stressfw.model.Durations.format(probe.settings().window()) + " window");
            }
            if (slo == null) {
                continue;
            }
            for (Map.Entry<String, SloObjective> objective : slo.objectives().entrySet()) {
                if (!probe.name().equals(ProbeMetricNames.probeOf(objective.getKey()))) {
                    continue;
                }
                Double value = metrics.get(objective.getKey());
                if (value == null) {
                    failures.add(objective.getKey() + " has no value (SLO " + objective.getValue().describeHealthy(objective.getKey()) + ")");
                } else if (objective.getValue().breaks(value)) {
                    failures.add(objective.getKey() + " = " + io.stressfw.model.Checks.format(value) + " breaks the SLO ("
                            + objective.getValue().describeHealthy(objective.getKey()) + ")");
                }
            }
        }
        return failures;
    }

    /** How long after the ramp-down the recovery is judged: the longest steady-state probe window (null: none). */
    public static java.time.Duration recoveryDelay(Map<String, ProbeSpec> probes) {
        return probes.values().stream().filter(p -> p.settings().steadyState()).map(p -> p.settings().window())
                .max(java.time.Duration::compareTo).orElse(null);
    }
}
