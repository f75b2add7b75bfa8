package io.stressfw.metrics.aggregation;

import io.stressfw.model.SourceKind;

import java.util.Map;

public record SourceReport(SourceKind kind, String host, Map<String, MetricReport> metrics) {
}
