package io.stressfw.safety.rule;

import io.stressfw.model.Checks;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import io.stressfw.model.SourceKind;

import java.util.regex.Pattern;

/**
 * One safety rule: a metric compared with a limit, optionally over a window, with hysteresis (an active violation
 * clears only once the value is {@code hysteresis} back inside the limit), a severity and an action.
 * {@code sourceKind} null means the rule applies to host and agent samples alike. {@code scope} says whether the rule
 * is global or belongs to the running phase; the id is only a name.
 */
public record ThresholdRule(
        String id,
        String metric,
        Comparison comparison,
        double limit,
        RuleWindow window,
        double hysteresis,
        Severity severity,
        SafetyAction action,
        SourceKind sourceKind,
        RuleScope scope) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@-]{1,100}");

    public ThresholdRule {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be 1-100 characters of letters, digits and _ . : @ -, was '" + id + "'");
        }
        Checks.notBlank(metric, "metric");
        Checks.notNull(comparison, "comparison");
        if (!Double.isFinite(limit)) {
            throw new IllegalArgumentException("limit must be a finite number");
        }
        if (!Double.isFinite(hysteresis) || hysteresis < 0) {
            throw new IllegalArgumentException("hysteresis must be a finite number >= 0");
        }
        Checks.notNull(severity, "severity");
        Checks.notNull(action, "action");
        Checks.notNull(scope, "scope");
    }

    /** A global rule. */
    public ThresholdRule(String id, String metric, Comparison comparison, double limit, RuleWindow window,
                         double hysteresis, Severity severity, SafetyAction action, SourceKind sourceKind) {
        this(id, metric, comparison, limit, window, hysteresis, severity, action, sourceKind, RuleScope.GLOBAL);
    }

    /** A global rule without window or hysteresis, with the severity its action implies. */
    public static ThresholdRule simple(String id, String metric, Comparison comparison, double limit, SafetyAction action) {
        return new ThresholdRule(id, metric, comparison, limit, null, 0, defaultSeverity(action), action, null);
    }

    public static Severity defaultSeverity(SafetyAction action) {
        return action == SafetyAction.STOP ? Severity.CRITICAL : Severity.WARNING;
    }

    public ThresholdRule withId(String newId) {
        return new ThresholdRule(newId, metric, comparison, limit, window, hysteresis, severity, action, sourceKind, scope);
    }

    public ThresholdRule withScope(RuleScope newScope) {
        return new ThresholdRule(id, metric, comparison, limit, window, hysteresis, severity, action, sourceKind, newScope);
    }

    public boolean appliesTo(SourceKind kind) {
        return sourceKind == null || sourceKind == kind;
    }

    public boolean breaches(double value) {
        return comparison.breaches(value, limit);
    }

    /** {@code cpu_usage > 95 for 2s}. */
    public String describe() {
        return metric + " " + comparison.symbol() + " " + Checks.format(limit) + (window == null ? "" : " " + window.describe());
    }
}
