package io.stressfw.metrics.aggregation;

/** A metric's statistics within a phase run, against the host's baseline mean where one exists. */
public record MetricReport(StatsSummary stats, Double baselineMean, Double meanOverBaseline) {
}
