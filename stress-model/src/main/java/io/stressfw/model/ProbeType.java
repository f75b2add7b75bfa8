package io.stressfw.model;

import java.util.Locale;

/** What a probe measures: an HTTP exchange, a TCP connect, or a Prometheus query's value. */
public enum ProbeType {
    HTTP, TCP, PROMQL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ProbeType fromWire(String name) {
        return Enums.parse(ProbeType.class, name, "probe type");
    }
}
