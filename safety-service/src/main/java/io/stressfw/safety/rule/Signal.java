package io.stressfw.safety.rule;

/** What one observation means for a rule on one source. */
public enum Signal {
    /** The rule's condition holds: over the limit (for long enough, or in aggregate). */
    OVER,
    /** Not over, but not healthy either: inside the hysteresis band, or over for less than the rule's {@code for}. */
    HOLD,
    /** Healthy: the value is inside the limit (by the hysteresis, if the rule was active). */
    CLEAR
}
