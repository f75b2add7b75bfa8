package io.stressfw.safety.rule;

/**
 * The state of one rule on one source: the window, whether the rule is active (its condition held and has not
 * cleared by the hysteresis yet), and the value the last decision was made on. Not thread-safe.
 */
public final class RuleCondition {
    private final ThresholdRule rule;
    private final SlidingWindow window;
    private long firstObservedMs = Long.MIN_VALUE;
    private long breachingSinceMs = Long.MIN_VALUE;
    private boolean active;
    private boolean reported;
    private double observed = Double.NaN;

    public RuleCondition(ThresholdRule rule) {
        this(rule, SlidingWindow.DEFAULT_CAPACITY);
    }

    public RuleCondition(ThresholdRule rule, int windowCapacity) {
        if (rule == null) {
            throw new IllegalArgumentException("rule is required");
        }
        this.rule = rule;
        this.window = rule.window() != null && rule.window().kind().aggregate()
                ? new SlidingWindow(rule.window().length().toMillis(), windowCapacity) : null;
    }

    public ThresholdRule rule() {
        return rule;
    }

    /**
     * Feeds one value observed at {@code nowMs}. A {@code for} window needs the value over the limit on every
     * sample for its length; an aggregate window decides on the aggregate once it has seen one full window of data,
     * so a single spike at start-up does not fire it.
     */
    public Signal observe(long nowMs, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, was " + value);
        }
        if (firstObservedMs == Long.MIN_VALUE) {
            firstObservedMs = nowMs;
        }
        boolean over;
        double decisionValue;
        if (window != null) {
            window.add(nowMs, value);
            decisionValue = aggregate();
            if (nowMs - firstObservedMs < rule.window().length().toMillis()) {
                observed = decisionValue;
                return active ? Signal.HOLD : Signal.CLEAR;
            }
            over = rule.breaches(decisionValue);
        } else if (rule.window() != null) {
            decisionValue = value;
            if (rule.breaches(value)) {
                if (breachingSinceMs == Long.MIN_VALUE) {
                    breachingSinceMs = nowMs;
                }
                over = nowMs - breachingSinceMs >= rule.window().length().toMillis();
                if (!over && !active) {
                    observed = decisionValue;
                    return Signal.HOLD;
                }
            } else {
                breachingSinceMs = Long.MIN_VALUE;
                over = false;
            }
        } else {
            decisionValue = value;
            over = rule.breaches(value);
        }
        observed = decisionValue;
        if (over) {
            active = true;
            return Signal.OVER;
        }
        if (active && !rule.comparison().clears(decisionValue, rule.limit(), rule.hysteresis())) {
            return Signal.HOLD;
        }
        active = false;
        reported = false;
        return Signal.CLEAR;
    }

    private double aggregate() {
        return switch (rule.window().kind()) {
            case MEAN -> window.mean();
            case MAX -> window.max();
            case MIN -> window.min();
            case P50 -> window.percentile(50);
            case P95 -> window.percentile(95);
            case P99 -> window.percentile(99);
            case FOR -> throw new IllegalStateException("a for-window keeps no values");
        };
    }

    public boolean active() {
        return active;
    }

    /** The value (or aggregate) the last decision was made on; NaN before the first observation. */
    public double observed() {
        return observed;
    }

    /** Whether a violation was already raised for the current active episode (used by rules without a breaker). */
    public boolean reported() {
        return reported;
    }

    public void markReported() {
        reported = true;
    }
}
