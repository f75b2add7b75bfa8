package io.stressfw.orchestrator.cycle;

import io.stressfw.model.Checks;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEventDetails;
import io.stressfw.model.PhaseEventType;

/**
 * A lifecycle event the engine produced; the service layer publishes it as a {@code PhaseEvent}. Its details are
 * the record its type carries ({@link PhaseEventType#detailsType()}), checked here so that a wrong pairing fails in
 * the engine, not in a consumer.
 */
public record CycleEvent(long timestampMs, PhaseEventType type, Phase phase, Double targetLoadPercent, String reason,
                         PhaseEventDetails details) {
    public CycleEvent {
        Checks.notNull(type, "type");
        Checks.notNull(details, "details");
        if (!type.detailsType().isInstance(details)) {
            throw new IllegalArgumentException("details of a " + type.wireName() + " event must be "
                    + type.detailsType().getSimpleName() + ", was " + details.getClass().getSimpleName());
        }
    }

    /** The details as the record of this event's type; fails when the caller asks for another type's record. */
    public <D extends PhaseEventDetails> D details(Class<D> expected) {
        if (!expected.isInstance(details)) {
            throw new IllegalStateException("a " + type.wireName() + " event carries " + details.getClass().getSimpleName()
                    + ", not " + expected.getSimpleName());
        }
        return expected.cast(details);
    }
}
