package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Who produced a sample: a host sampler (metrics-service) or a load agent. */
public enum SourceKind {
    HOST, AGENT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SourceKind fromWire(String name) {
        return Enums.parse(SourceKind.class, name, "source kind");
    }
}
