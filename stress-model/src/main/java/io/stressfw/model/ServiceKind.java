package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum ServiceKind {
    ORCHESTRATOR, AGENT, SAFETY, METRICS;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ServiceKind fromWire(String name) {
        return Enums.parse(ServiceKind.class, name, "service kind");
    }
}
