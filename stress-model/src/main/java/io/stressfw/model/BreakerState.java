package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum BreakerState {
    CLOSED, OPEN, HALF_OPEN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static BreakerState fromWire(String name) {
        return Enums.parse(BreakerState.class, name, "breaker state");
    }
}
