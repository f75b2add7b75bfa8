package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum StopMode {
    GRACEFUL, EMERGENCY;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static StopMode fromWire(String name) {
        return Enums.parse(StopMode.class, name, "stop mode");
    }
}
