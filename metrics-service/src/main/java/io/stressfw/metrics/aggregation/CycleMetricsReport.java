package io.stressfw.metrics.aggregation;

import java.util.List;

/**
 * What metrics-service measured in one cycle (per phase run, source and metric), as {@code GET /metrics/cycles/{id}}
 * answers it. Not the orchestrator's cycle report (plan against achieved, violations, knee), hence the name.
 */
public record CycleMetricsReport(String cycleId, PhaseOutcome outcome, String reason, Long startedAtMs, Long endedAtMs,
                                 Double durationSeconds, List<PhaseReport> phases, RawSamplesInfo rawSamples) {
}
