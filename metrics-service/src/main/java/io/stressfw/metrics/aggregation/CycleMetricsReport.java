package io.stressfw.metrics.aggregation;

import io.stressfw.metrics.baseline.HostBaseline;

import java.util.List;
import java.util.Map;

/**
 * What metrics-service measured in one cycle (per phase run, source and metric), as {@code GET /metrics/cycles/{id}}
 * answers it, with the cycle's own baseline per host (IDLE's hold; empty when the cycle ran no IDLE) that every
 * phase's host metrics are shown against. Not the orchestrator's cycle report (plan against achieved, violations,
 * knee), hence the name.
 */
public record CycleMetricsReport(String cycleId, PhaseOutcome outcome, String reason, Long startedAtMs, Long endedAtMs,
                                 Double durationSeconds, List<PhaseReport> phases, RawSamplesInfo rawSamples,
                                 Map<String, HostBaseline> idleBaseline) {
}
