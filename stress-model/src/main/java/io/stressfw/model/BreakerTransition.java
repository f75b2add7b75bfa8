package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A circuit breaker (one per rule and source) changed state. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BreakerTransition(
        int version,
        long timestampMs,
        String breakerId,
        String ruleId,
        String sourceId,
        BreakerState from,
        BreakerState to,
        String reason) implements SafetyEvent {

    public BreakerTransition {
        Checks.notBlank(breakerId, "breaker_id");
        Checks.notBlank(ruleId, "rule_id");
        Checks.notBlank(sourceId, "source_id");
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
    }
}
