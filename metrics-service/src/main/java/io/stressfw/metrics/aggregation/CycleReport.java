package io.stressfw.metrics.aggregation;

import java.util.List;

public record CycleReport(String cycleId, PhaseOutcome outcome, String reason, Long startedAtMs, Long endedAtMs,
                          Double durationSeconds, List<PhaseReport> phases, RawSamplesInfo rawSamples) {
}
