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

    /** {@code details} when it is this type's record; refused otherwise, naming both. */
    public PhaseEventDetails requireDetails(PhaseEventDetails details) {
        Checks.notNull(details, "details");
        if (!detailsType.isInstance(details)) {
            throw new IllegalArgumentException("details of a " + wireName() + " event must be "
                    + detailsType.getSimpleName() + ", was " + details.getClass().getSimpleName());
        }
        return details;
    }

    /** An event's details as the record a reader expects; fails loudly when the event carries another type's. */
    public <D extends PhaseEventDetails> D detailsAs(PhaseEventDetails details, Class<D> expected) {
        if (!expected.isInstance(details)) {
            throw new IllegalStateException("a " + wireName() + " event carries " + details.getClass().getSimpleName()
                    + ", not " + expected.getSimpleName());
        }
        return expected.cast(details);
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PhaseEventType fromWire(String name) {
        return Enums.parse(PhaseEventType.class, name, "phase event type");
    }

    /**
     * The seed's short event name, as its WebSocket clients and phase-change callbacks read {@code event}:
     * {@code started}, {@code holding}, {@code ramping_down}, {@code completed}, {@code aborted}, {@code adjusted}
     * for a phase; {@code cycle_started}, {@code cycle_completed}, {@code cycle_aborted} for the cycle.
     */
    public String seedEvent() {
        return switch (this) {
            case PHASE_STARTED -> "started";
            case HOLD_STARTED -> "holding";
            case RAMP_DOWN_STARTED -> "ramping_down";
            case PHASE_COMPLETED -> "completed";
            case PHASE_ABORTED -> "aborted";
            case LOAD_ADJUSTED -> "adjusted";
            case CYCLE_STARTED, CYCLE_COMPLETED, CYCLE_ABORTED -> wireName();
        };
    }
}
