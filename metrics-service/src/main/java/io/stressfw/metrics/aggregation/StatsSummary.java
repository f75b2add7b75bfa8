package io.stressfw.metrics.aggregation;

/**
 * Summary of one metric over a window. Values are null when no sample carried the metric; {@code missing} counts
 * samples where the source reported it unavailable. {@code exact} is false once percentiles come from the sketch
 * (within {@code relative_error} of the true value).
 */
public record StatsSummary(long count, long missing, Double min, Double mean, Double p50, Double p95, Double p99,
                           Double max, boolean exact, double relativeError) {
}
