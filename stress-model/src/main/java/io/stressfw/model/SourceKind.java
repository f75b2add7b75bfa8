package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Who produced a sample: a host sampler (metrics-service), a load agent, or a probe of the user's own service
 * ({@code probe}: the orchestrator's probe runner; metrics named {@code probe.<name>.<stat>}, see
 * {@link ProbeMetricNames}).
 */
public enum SourceKind {
    HOST, AGENT, PROBE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SourceKind fromWire(String name) {
        return Enums.parse(SourceKind.class, name, "source kind");
    }
}
