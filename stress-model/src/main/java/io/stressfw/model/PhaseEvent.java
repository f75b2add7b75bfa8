package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Map;

/**
 * An event on {@link Topics#PHASE_EVENTS}, keyed by cycle id. {@code phase} is null for cycle-level events;
 * {@code details} carries event-specific facts (planned durations, knee found, abort cause).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhaseEvent(
        int version,
        String eventId,
        long timestampMs,
        String cycleId,
        PhaseEventType type,
        Phase phase,
        Double targetLoadPercent,
        String reason,
        Map<String, Object> details) implements Versioned {

    public PhaseEvent {
        Checks.notBlank(eventId, "event_id");
        Checks.notBlank(cycleId, "cycle_id");
        Checks.notNull(type, "type");
        details = Checks.copyOf(details);
    }
}
