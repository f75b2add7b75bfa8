package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Who ended a cycle early: safety-service (a stop violation), an operator, or the orchestrator itself. */
public enum AbortedBy {
    SAFETY, OPERATOR, ORCHESTRATOR;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AbortedBy fromWire(String name) {
        return Enums.parse(AbortedBy.class, name, "aborted_by");
    }
}
