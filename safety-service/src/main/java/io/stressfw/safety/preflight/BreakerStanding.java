package io.stressfw.safety.preflight;

import io.stressfw.model.Checks;
import io.stressfw.safety.breaker.BreakerView;

/**
 * An OPEN breaker as pre-flight weighs it: {@code causeOver} when it was not opened by the running cycle and what
 * opened it no longer holds (the engine decides, see {@code BreakerClearance}); such a breaker does not refuse the
 * next cycle. {@code detail} says why, either way.
 */
public record BreakerStanding(BreakerView breaker, boolean causeOver, String detail) {
    public BreakerStanding {
        Checks.notNull(breaker, "breaker");
        Checks.notBlank(detail, "detail");
    }
}
