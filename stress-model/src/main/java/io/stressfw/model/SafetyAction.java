package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a violated rule asks for: an event only, a step back, or an emergency stop. */
public enum SafetyAction {
    WARN, THROTTLE, STOP;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SafetyAction fromWire(String name) {
        return Enums.parse(SafetyAction.class, name, "action");
    }
}
