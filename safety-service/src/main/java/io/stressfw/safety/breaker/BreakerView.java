package io.stressfw.safety.breaker;

import io.stressfw.model.BreakerState;

/** A snapshot of one breaker for REST and metrics. */
public record BreakerView(String breakerId, String ruleId, String sourceId, BreakerState state, long sinceMs,
                          Long openUntilMs, long trips) {
}
