package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code phase_completed} and {@code phase_aborted}: the target the phase ended at, the knee an adaptive phase found,
 * and whether the phase ended by an emergency stop (all load to zero at once, no ramp-down).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhaseEndedDetails(Double targetLoadPercent, Double kneeLoadPercent, boolean emergency)
        implements PhaseEventDetails {

    public PhaseEndedDetails {
        if (targetLoadPercent != null) {
            Checks.between(targetLoadPercent, 0, 100, "details.target_load_percent");
        }
        if (kneeLoadPercent != null) {
            Checks.between(kneeLoadPercent, 0, 100, "details.knee_load_percent");
        }
    }

    public static PhaseEndedDetails emergencyStop() {
        return new PhaseEndedDetails(null, null, true);
    }
}
