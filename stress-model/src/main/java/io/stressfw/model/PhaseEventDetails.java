package io.stressfw.model;

/**
 * The {@code details} of a {@link PhaseEvent}: one record per event type ({@link PhaseEventType#detailsType()}),
 * so that a producer and its readers agree on the field names at compile time, and a malformed field is refused when
 * the event is decoded, naming the field, instead of silently reading as absent.
 */
public sealed interface PhaseEventDetails permits CycleStartedDetails, PhaseStartedDetails, HoldStartedDetails,
        RampDownStartedDetails, PhaseEndedDetails, LoadAdjustedDetails, CycleEndedDetails {
}
