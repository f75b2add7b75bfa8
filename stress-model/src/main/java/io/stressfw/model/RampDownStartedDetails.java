package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code ramp_down_started}: the load the ramp-down starts from. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RampDownStartedDetails(@JsonProperty(required = true) double fromLoadPercent) implements PhaseEventDetails {
    public RampDownStartedDetails {
        Checks.between(fromLoadPercent, 0, 100, "details.from_load_percent");
    }
}
