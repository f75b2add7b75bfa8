package io.stressfw.safety.engine;

import io.stressfw.model.BreakerState;
import io.stressfw.model.MetricSample;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.safety.breaker.BreakerRegistry;
import io.stressfw.safety.breaker.CircuitBreaker;
import io.stressfw.safety.rule.RuleCondition;
import io.stressfw.safety.rule.Signal;
import io.stressfw.safety.rule.ThresholdRule;

import java.util.function.Supplier;

import static io.stressfw.safety.rule.ValueFormat.twoDecimals;

/**
 * What one {@link Signal} of one rule on one source leads to. {@code warn} rules have no breaker: one violation per
 * episode (until the value clears by the hysteresis). {@code throttle} and {@code stop} rules raise a violation
 * whenever their condition holds and their breaker is not OPEN, which trips it; {@code stop} rules also stop every
 * agent, and while their breaker stays OPEN and the rule still holds during a cycle, repeat the stop at most once per
 * {@code stopRepeatMs}. Healthy signals let a breaker close. Not thread-safe.
 */
final class RuleEnforcer {
    private final BreakerRegistry breakers;
    private final ViolationLog violations;
    private final CycleTracker cycle;
    private final ThresholdRule staleRule;
    private final Supplier<String> ids;
    private final long stopRepeatMs;
    private long stopSequence;

    RuleEnforcer(BreakerRegistry breakers, ViolationLog violations, CycleTracker cycle, ThresholdRule staleRule,
                 Supplier<String> ids, long stopRepeatMs) {
        this.breakers = breakers;
        this.violations = violations;
        this.cycle = cycle;
        this.staleRule = staleRule;
        this.ids = ids;
        this.stopRepeatMs = stopRepeatMs;
    }

    /** {@code sample} is the sample that gave the signal; null for the timer's staleness signals. */
    void apply(ThresholdRule rule, RuleCondition condition, SourceTracker.Source source, Signal signal, long now,
               SafetyOutput out, MetricSample sample) {
        switch (signal) {
            case OVER -> {
                if (rule.action() == SafetyAction.WARN) {
                    if (!condition.reported()) {
                        condition.markReported();
                        raise(rule, condition, source, now, out, sample);
                    }
                    return;
                }
                CircuitBreaker breaker = breaker(source, rule, now);
                out.add(breaker.tick(now));
                if (breaker.state() != BreakerState.OPEN) {
                    condition.markReported();
                    Violation violation = raise(rule, condition, source, now, out, sample);
                    out.add(breaker.trip(now, violation.message(), cycle.running() ? cycle.cycleId() : null));
                    if (rule.action() == SafetyAction.STOP) {
                        stop(breaker, violation, now, out);
                    }
                } else if (rule.action() == SafetyAction.STOP && cycle.running() && breaker.stopCommandDue(now, stopRepeatMs)) {
                    stop(breaker, null, now, out);
                }
            }
            case CLEAR -> {
                CircuitBreaker breaker = source.breaker(rule.id());
                if (breaker != null) {
                    out.add(breaker.healthy(now));
                }
            }
            case HOLD -> {
                CircuitBreaker breaker = source.breaker(rule.id());
                if (breaker != null) {
                    out.add(breaker.tick(now));
                }
            }
        }
    }

    private Violation raise(ThresholdRule rule, RuleCondition condition, SourceTracker.Source source, long now,
                            SafetyOutput out, MetricSample sample) {
        double value = condition.observed();
        String message = rule == staleRule
                ? "no sample from " + source.id() + " for " + twoDecimals(value) + " s (limit " + twoDecimals(rule.limit()) + " s)"
                : rule.metric() + " = " + twoDecimals(value) + " on " + source.id() + " breaks " + rule.describe()
                + " (rule " + rule.id() + ")";
        Violation violation = new Violation(Versioned.SCHEMA_VERSION, ids.get(), now, rule.id(), rule.metric(), value,
                rule.limit(), rule.severity(), rule.action(), source.id(), cycle.cycleOf(sample), cycle.phaseOf(sample), message);
        out.add(violation);
        violations.add(violation);
        return violation;
    }

    /** The sequence grows past every earlier stop and is at least the epoch ms, so a restart never goes back. */
    private void stop(CircuitBreaker breaker, Violation violation, long now, SafetyOutput out) {
        stopSequence = Math.max(stopSequence + 1, now);
        String reason = violation != null ? "safety rule " + breaker.ruleId() + ": " + violation.message()
                : "safety rule " + breaker.ruleId() + " still violated by " + breaker.sourceId() + " (breaker open)";
        out.add(new StopCommand(Versioned.SCHEMA_VERSION, ids.get(), cycle.running() ? cycle.cycleId() : null, stopSequence,
                now, StopMode.EMERGENCY, reason, SafetyEngine.ISSUER));
        breaker.stopCommandSent(now);
    }

    private CircuitBreaker breaker(SourceTracker.Source source, ThresholdRule rule, long now) {
        CircuitBreaker breaker = source.breaker(rule.id());
        if (breaker == null) {
            breaker = breakers.obtain(rule.id(), source.id(), now);
            source.attach(breaker);
        }
        return breaker;
    }
}
