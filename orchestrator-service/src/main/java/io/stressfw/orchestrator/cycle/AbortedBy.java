package io.stressfw.orchestrator.cycle;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Who ended a cycle early: safety-service (a stop violation), an operator, or the orchestrator itself. */
public enum AbortedBy {
    SAFETY, OPERATOR, ORCHESTRATOR;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
