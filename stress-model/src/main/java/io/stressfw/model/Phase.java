package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The seven progressive phases of a cycle, with their default load band in percent of capacity. */
public enum Phase {
    IDLE(0, 5),
    LIGHT(10, 25),
    MEDIUM(25, 50),
    HEAVY(50, 75),
    EXTREME(75, 90),
    CRITICAL(90, 95),
    CHAOS(95, 100);

    private final double minLoadPercent;
    private final double maxLoadPercent;

    Phase(double minLoadPercent, double maxLoadPercent) {
        this.minLoadPercent = minLoadPercent;
        this.maxLoadPercent = maxLoadPercent;
    }

    public double minLoadPercent() {
        return minLoadPercent;
    }

    public double maxLoadPercent() {
        return maxLoadPercent;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a phase name case-insensitively; the error lists the valid names. */
    @JsonCreator
    public static Phase fromWire(String name) {
        return Enums.parse(Phase.class, name, "phase");
    }
}
