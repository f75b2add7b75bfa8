package io.stressfw.metrics.aggregation;

import io.stressfw.model.Phase;

import java.util.List;

public record CycleSummary(String cycleId, PhaseOutcome outcome, Long startedAtMs, Long endedAtMs,
                           Double durationSeconds, List<Phase> phases, long samples) {
}
