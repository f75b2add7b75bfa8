package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** An event on {@link Topics#VIOLATIONS}: a rule violation or a circuit-breaker transition. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Violation.class, name = "violation"),
        @JsonSubTypes.Type(value = BreakerTransition.class, name = "breaker")
})
public sealed interface SafetyEvent extends Versioned permits Violation, BreakerTransition {
    long timestampMs();
}
