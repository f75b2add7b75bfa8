package io.stressfw.metrics.rest;

import io.stressfw.metrics.aggregation.CycleMetricsReport;
import io.stressfw.metrics.aggregation.RawSamplesInfo;
import io.stressfw.metrics.baseline.HostBaseline;
import io.stressfw.model.MetricSample;

import java.util.List;
import java.util.Map;

/** The JSON export of a cycle: its aggregates, the host baselines they compare against, and the raw samples kept. */
public record CycleExport(long exportedAtMs, CycleMetricsReport cycle, Map<String, HostBaseline> baselines,
                          RawSamplesInfo rawSamples, List<MetricSample> samples) {
}
