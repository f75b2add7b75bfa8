package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Map;

/**
 * {@code phase_started}: the phase's plan as it runs, including the {@code safety_thresholds} that safety-service
 * applies for the phase (metric name to {@link ThresholdSpec}: always the full object on the wire; a bare number is
 * read as the flat form).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PhaseStartedDetails(
        Map<String, ThresholdSpec> safetyThresholds,
        @JsonProperty(required = true) double plannedDurationSeconds,
        @JsonProperty(required = true) double plannedRampUpSeconds,
        @JsonProperty(required = true) double plannedRampDownSeconds,
        @JsonProperty(required = true) double targetLoadPercent,
        @JsonProperty(required = true) double minLoadPercent,
        @JsonProperty(required = true) double maxLoadPercent,
        @JsonProperty(required = true) ResourceWeights weights,
        @JsonProperty(required = true) RampingStrategy rampingStrategy,
        boolean adaptive,
        @JsonProperty(required = true) int phaseIndex,
        @JsonProperty(required = true) int phaseCount) implements PhaseEventDetails {

    public PhaseStartedDetails {
        safetyThresholds = Checks.copyOf(safetyThresholds);
        safetyThresholds.forEach((metric, spec) -> {
            Checks.notBlank(metric, "details.safety_thresholds");
            Checks.notNull(spec, "details.safety_thresholds." + metric);
            Checks.nonNegative(spec.limit(), "details.safety_thresholds." + metric + ".limit");
        });
        Checks.nonNegative(plannedDurationSeconds, "details.planned_duration_seconds");
        Checks.nonNegative(plannedRampUpSeconds, "details.planned_ramp_up_seconds");
        Checks.nonNegative(plannedRampDownSeconds, "details.planned_ramp_down_seconds");
        Checks.between(targetLoadPercent, 0, 100, "details.target_load_percent");
        Checks.between(minLoadPercent, 0, 100, "details.min_load_percent");
        Checks.between(maxLoadPercent, 0, 100, "details.max_load_percent");
        Checks.notNull(weights, "details.weights");
        Checks.notNull(rampingStrategy, "details.ramping_strategy");
        Checks.between(phaseIndex, 0, Math.max(0, phaseCount - 1), "details.phase_index");
    }
}
