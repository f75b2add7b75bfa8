package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** {@code cycle_started}: the phases planned, in order, and the planned length of the whole cycle. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CycleStartedDetails(@JsonProperty(required = true) List<Phase> phases,
                                  @JsonProperty(required = true) double plannedDurationSeconds)
        implements PhaseEventDetails {
    public CycleStartedDetails {
        Checks.notNull(phases, "details.phases");
        phases = List.copyOf(phases);
        Checks.nonNegative(plannedDurationSeconds, "details.planned_duration_seconds");
    }
}
