package io.stressfw.model;

/** {@code hold_started}: the event's own target and timestamp say it all. */
public record HoldStartedDetails() implements PhaseEventDetails {
}
