package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An event on {@link Topics#PHASE_EVENTS}, keyed by cycle id. {@code phase} is null for cycle-level events;
 * {@code details} is the record its type carries ({@link PhaseEventType#detailsType()}): planned durations and
 * thresholds, knee found, abort cause.
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
        PhaseEventDetails details) implements Versioned {

    public PhaseEvent {
        Checks.notBlank(eventId, "event_id");
        Checks.notBlank(cycleId, "cycle_id");
        Checks.notNull(type, "type");
        type.requireDetails(details);
    }

    /** The details as the record of this event's type; fails when the caller asks for another type's record. */
    public <D extends PhaseEventDetails> D details(Class<D> expected) {
        return type.detailsAs(details, expected);
    }

    /** Reads {@code details} as the record {@code type} names: the type is only known once the event is read. */
    @JsonCreator
    static PhaseEvent fromJson(@JsonProperty(value = "version", required = true) int version,
                               @JsonProperty("event_id") String eventId,
                               @JsonProperty(value = "timestamp_ms", required = true) long timestampMs,
                               @JsonProperty("cycle_id") String cycleId,
                               @JsonProperty("type") PhaseEventType type,
                               @JsonProperty("phase") Phase phase,
                               @JsonProperty("target_load_percent") Double targetLoadPercent,
                               @JsonProperty("reason") String reason,
                               @JsonProperty("details") JsonNode details) {
        Checks.notNull(type, "type");
        return new PhaseEvent(version, eventId, timestampMs, cycleId, type, phase, targetLoadPercent, reason,
                WireCodec.nested(details, type.detailsType(), "details"));
    }
}
