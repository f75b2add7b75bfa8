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
    CYCLE_STARTED(CycleStartedDetails.class),
    PHASE_STARTED(PhaseStartedDetails.class),
    HOLD_STARTED(HoldStartedDetails.class),
    RAMP_DOWN_STARTED(RampDownStartedDetails.class),
    PHASE_COMPLETED(PhaseEndedDetails.class),
    PHASE_ABORTED(PhaseEndedDetails.class),
    LOAD_ADJUSTED(LoadAdjustedDetails.class),
    CYCLE_COMPLETED(CycleEndedDetails.class),
    CYCLE_ABORTED(CycleEndedDetails.class);

    private final Class<? extends PhaseEventDetails> detailsType;

    PhaseEventType(Class<? extends PhaseEventDetails> detailsType) {
        this.detailsType = detailsType;
    }

    /** The record an event of this type carries as its {@code details}. */
    public Class<? extends PhaseEventDetails> detailsType() {
        return detailsType;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PhaseEventType fromWire(String name) {
        return Enums.parse(PhaseEventType.class, name, "phase event type");
    }
}
