package io.stressfw.metrics.baseline;

import io.stressfw.metrics.aggregation.StatsSummary;

import java.util.Map;

/** The baseline of one host: its metrics' statistics over one collection window. */
public record HostBaseline(String host, long startedAtMs, long endedAtMs, String reason, long samples,
                           Map<String, StatsSummary> metrics) {
    public HostBaseline {
        metrics = Map.copyOf(metrics);
    }

    /** The baseline mean of a metric, or null when the host did not report it during the window. */
    public Double mean(String metric) {
        StatsSummary summary = metrics.get(metric);
        return summary == null ? null : summary.mean();
    }
}
