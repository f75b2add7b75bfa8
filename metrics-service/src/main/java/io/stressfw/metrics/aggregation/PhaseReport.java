package io.stressfw.metrics.aggregation;

import io.stressfw.model.Phase;

import java.util.Map;

/** Aggregates of one phase run: timings, per-source metric statistics and target vs achieved per agent/generator. */
public record PhaseReport(Phase phase, int run, PhaseOutcome outcome, String stage, String reason,
                          Double targetLoadPercent, int loadAdjustments, long samples, PhaseTimings timings,
                          Map<String, SourceReport> sources,
                          Map<String, Map<String, GeneratorSummary>> generators) {
}
