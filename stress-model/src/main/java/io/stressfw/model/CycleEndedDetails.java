package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code cycle_completed} and {@code cycle_aborted}: who aborted it (null when it completed), whether by an emergency
 * stop, and the knee the adaptive phases found ({@code adaptive} false: no phase was adaptive, so no knee is due).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CycleEndedDetails(AbortedBy abortedBy, boolean emergency, boolean adaptive, Double kneeLoadPercent)
        implements PhaseEventDetails {

    public CycleEndedDetails {
        if (kneeLoadPercent != null) {
            Checks.between(kneeLoadPercent, 0, 100, "details.knee_load_percent");
        }
    }
}
