package io.stressfw.metrics.aggregation;

/** A planned versus actually run duration in seconds; either is null when unknown (not announced, not finished). */
public record Timing(Double plannedSeconds, Double actualSeconds, Double deviationSeconds) {
    static Timing of(Double planned, Long fromMs, Long toMs) {
        Double actual = fromMs == null || toMs == null ? null : Math.max(0, toMs - fromMs) / 1000.0;
        return new Timing(planned, actual, planned == null || actual == null ? null : actual - planned);
    }
}
