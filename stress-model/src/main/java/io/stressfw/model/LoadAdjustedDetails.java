package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Locale;

/**
 * {@code load_adjusted}: who moved the target ({@code source}) and from where. {@code step} is set for a throttle,
 * {@code score} for an adaptive back-off.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadAdjustedDetails(@JsonProperty(required = true) double previousTargetLoadPercent, Source source, Double step, Double score)
        implements PhaseEventDetails {

    public LoadAdjustedDetails {
        Checks.between(previousTargetLoadPercent, 0, 100, "details.previous_target_load_percent");
        Checks.notNull(source, "details.source");
    }

    public static LoadAdjustedDetails byOperator(double previous) {
        return new LoadAdjustedDetails(previous, Source.OPERATOR, null, null);
    }

    public static LoadAdjustedDetails byThrottle(double previous, double step) {
        return new LoadAdjustedDetails(previous, Source.THROTTLE, step, null);
    }

    public static LoadAdjustedDetails byAdaptiveBackOff(double previous, double score) {
        return new LoadAdjustedDetails(previous, Source.ADAPTIVE, null, score);
    }

    /** Who adjusted the load: an operator, a throttle violation, or the adaptive engine backing off. */
    public enum Source {
        OPERATOR, THROTTLE, ADAPTIVE;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Source fromWire(String name) {
            return Enums.parse(Source.class, name, "adjustment source");
        }
    }
}
