package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a phase moves from its starting load to its target: the seed's {@code ramping_strategy}. */
public enum RampingStrategy {
    LINEAR, EXPONENTIAL, STEP, ADAPTIVE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RampingStrategy fromWire(String name) {
        return Enums.parse(RampingStrategy.class, name, "ramping strategy");
    }
}
