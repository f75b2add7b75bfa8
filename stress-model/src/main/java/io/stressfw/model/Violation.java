package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A rule broken by a source. {@code value} is null for a stale-source violation (no sample within the allowed gap).
 * Agents act on {@code action: stop} themselves, so a stop works even when the orchestrator is down.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(
        int version,
        String violationId,
        long timestampMs,
        String ruleId,
        String metric,
        Double value,
        double threshold,
        Severity severity,
        SafetyAction action,
        String sourceId,
        String cycleId,
        Phase phase,
        String message) implements SafetyEvent {

    public Violation {
        Checks.notBlank(violationId, "violation_id");
        Checks.notBlank(ruleId, "rule_id");
        Checks.notBlank(metric, "metric");
        Checks.notNull(severity, "severity");
        Checks.notNull(action, "action");
        Checks.notBlank(sourceId, "source_id");
        Checks.notBlank(message, "message");
    }
}
