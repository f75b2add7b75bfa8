package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The resources an agent loads; the wire name is also the generator's name in samples. */
public enum ResourceKind {
    CPU, MEMORY, IO, NETWORK;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
