package io.stressfw.orchestrator.cycle;

import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEventType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A lifecycle event the engine produced; the service layer publishes it as a {@code PhaseEvent}. */
public record CycleEvent(long timestampMs, PhaseEventType type, Phase phase, Double targetLoadPercent, String reason,
                         Map<String, Object> details) {
    public CycleEvent {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
