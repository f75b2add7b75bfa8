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
        type.requireDetails(details);
    }

    /** The details as the record of this event's type; fails when the caller asks for another type's record. */
    public <D extends PhaseEventDetails> D details(Class<D> expected) {
        return type.detailsAs(details, expected);
    }
}
