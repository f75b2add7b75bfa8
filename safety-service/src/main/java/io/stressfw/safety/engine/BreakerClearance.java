package io.stressfw.safety.engine;

import io.stressfw.model.BreakerTransition;
import io.stressfw.safety.breaker.BreakerRegistry;
import io.stressfw.safety.breaker.BreakerView;
import io.stressfw.safety.preflight.BreakerStanding;
import io.stressfw.safety.rule.RuleCondition;
import io.stressfw.safety.rule.ThresholdRule;

import java.util.ArrayList;
import java.util.List;

import static io.stressfw.safety.rule.ValueFormat.twoDecimals;

/**
 * Whether an OPEN breaker still stands in the way of the next cycle. A breaker opened by the cycle that is running
 * always does. One opened by a cycle that has ended (or outside any cycle: the platform's own start-up) does not,
 * once what opened it is over:
 * <ul>
 *   <li>its rule is no longer in force (the phase that had it ended, or PUT /safety/thresholds removed it);</li>
 *   <li>a stale-source breaker: the source has been heard within the stale gap;</li>
 *   <li>a threshold breaker: the source sent a sample within {@code freshMs} and the rule's condition on that source
 *       is clear again, judged as the engine judges it (window and hysteresis: a {@code cpu_usage > 95} rule with
 *       hysteresis 5 is over once the value is at or below 90); a source not heard recently cannot show that.</li>
 * </ul>
 * Plain Java over the engine's state; the engine calls it under its lock.
 */
final class BreakerClearance {
    private final String staleRuleId;
    private final long staleGapMs;
    private final long freshMs;

    BreakerClearance(String staleRuleId, long staleGapMs, long freshMs) {
        this.staleRuleId = staleRuleId;
        this.staleGapMs = staleGapMs;
        this.freshMs = freshMs;
    }

    /** {@code nowMs} is monotonic, as the sources' last-heard times are. */
    BreakerStanding judge(BreakerView breaker, CycleTracker cycle, RuleBook rules, SourceTracker sources, long nowMs) {
        String opened = breaker.openedInCycle() == null ? "opened outside a cycle"
                : "opened by cycle " + breaker.openedInCycle();
        if (cycle.running() && cycle.cycleId().equals(breaker.openedInCycle())) {
            return blocks(breaker, opened + ", which is running");
        }
        SourceTracker.Source source = sources.find(breaker.sourceId());
        if (breaker.ruleId().equals(staleRuleId)) {
            if (source != null && nowMs - source.lastHeardMs() <= staleGapMs) {
                return over(breaker, opened + "; " + breaker.sourceId() + " is heard again ("
                        + (nowMs - source.lastHeardMs()) + " ms ago)");
            }
            return blocks(breaker, opened + "; " + breaker.sourceId() + " is still silent");
        }
        int index = rules.indexOf(breaker.ruleId());
        if (index < 0) {
            return over(breaker, opened + "; its rule is no longer in force");
        }
        if (source == null || nowMs - source.lastHeardMs() > freshMs) {
            return blocks(breaker, opened + "; no recent sample from " + breaker.sourceId() + " shows its cause is over");
        }
        ThresholdRule rule = rules.inForceArray()[index];
        Double value = source.lastMetrics().get(rule.metric());
        if (value == null || !Double.isFinite(value)) {
            return blocks(breaker, opened + "; " + breaker.sourceId() + " no longer reports " + rule.metric());
        }
        RuleCondition condition = source.condition(index, rules.version());
        boolean clear = condition != null ? !condition.active()
                : rule.comparison().clears(value, rule.limit(), rule.hysteresis());
        String reading = rule.metric() + " = " + twoDecimals(value);
        return clear ? over(breaker, opened + "; cause over: " + reading + " clears " + rule.describe()
                + (rule.hysteresis() > 0 ? " (hysteresis " + twoDecimals(rule.hysteresis()) + ")" : ""))
                : blocks(breaker, opened + "; " + reading + " still breaks " + rule.describe());
    }

    /**
     * At the start of a cycle: closes every OPEN breaker whose cause is over, saying so in the transition (stamped
     * {@code wallMs}; the cause is judged at monotonic {@code monotonicMs}).
     */
    List<BreakerTransition> closeWhereCauseIsOver(BreakerRegistry breakers, CycleTracker cycle, RuleBook rules,
                                                  SourceTracker sources, long wallMs, long monotonicMs) {
        List<BreakerTransition> closed = new ArrayList<>(0);
        for (BreakerView open : breakers.open()) {
            BreakerStanding standing = judge(open, cycle, rules, sources, monotonicMs);
            if (standing.causeOver()) {
                closed.add(breakers.get(open.breakerId()).reset(wallMs, "closed at the start of cycle " + cycle.cycleId()
                        + ": " + standing.detail()));
            }
        }
        return closed;
    }

    private static BreakerStanding over(BreakerView breaker, String why) {
        return new BreakerStanding(breaker, true, "breaker " + breaker.breakerId() + " is open until "
                + breaker.openUntilMs() + " but does not refuse a start: " + why);
    }

    private static BreakerStanding blocks(BreakerView breaker, String why) {
        return new BreakerStanding(breaker, false, "breaker " + breaker.breakerId() + " is open until "
                + breaker.openUntilMs() + ": " + why);
    }
}
