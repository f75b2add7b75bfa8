package io.stressfw.metrics.aggregation;

/**
 * Target versus achieved percent of one generator over a phase: {@code achievement_ratio} is mean achieved over mean
 * target (null when the target was 0), {@code mean_absolute_error} the mean of |achieved - target| in points.
 */
public record GeneratorSummary(StatsSummary targetPercent, StatsSummary achievedPercent, Double meanAbsoluteError,
                               Double achievementRatio, StatsSummary achievedValue, String unit) {
}
