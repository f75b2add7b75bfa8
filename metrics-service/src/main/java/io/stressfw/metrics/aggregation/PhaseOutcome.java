package io.stressfw.metrics.aggregation;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a phase run or a cycle ended, as far as the phase events told. */
public enum PhaseOutcome {
    RUNNING, COMPLETED, ABORTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
