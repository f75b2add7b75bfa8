package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Lifecycle of a cycle. Per phase: {@code phase_started} (ramp-up begins), {@code hold_started} (target reached),
 * {@code ramp_down_started}, then {@code phase_completed} or {@code phase_aborted}; the timestamps give the
 * durations as actually run.
 */
public enum PhaseEventType {
    CYCLE_STARTED, PHASE_STARTED, HOLD_STARTED, RAMP_DOWN_STARTED, PHASE_COMPLETED, PHASE_ABORTED,
    LOAD_ADJUSTED, CYCLE_COMPLETED, CYCLE_ABORTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PhaseEventType fromWire(String name) {
        return Enums.parse(PhaseEventType.class, name, "phase event type");
    }
}
