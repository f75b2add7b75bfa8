package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Map;

/**
 * One probe of a plan's {@code probes:} section (read by {@link ProbeSpecParser}): an {@link HttpProbeSpec}, a
 * {@link TcpProbeSpec} or a {@link PromqlProbeSpec}, each with the common {@link ProbeSettings}.
 */
public sealed interface ProbeSpec permits HttpProbeSpec, TcpProbeSpec, PromqlProbeSpec {
    ProbeSettings settings();

    ProbeType type();

    default String name() {
        return settings().name();
    }

    /** The plan form, as {@code GET /phases} and reports show it (the parser reads it back). */
    @JsonValue
    Map<String, Object> toMap();
}
