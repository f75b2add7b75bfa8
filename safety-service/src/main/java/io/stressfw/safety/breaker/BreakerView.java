package io.stressfw.safety.breaker;

import io.stressfw.model.BreakerState;

/**
 * A snapshot of one breaker for REST and metrics; {@code openedInCycle} is the cycle that was running when it last
 * opened (null: none was).
 */
public record BreakerView(String breakerId, String ruleId, String sourceId, BreakerState state, long sinceMs,
                          Long openUntilMs, long trips, String openedInCycle) {
}
