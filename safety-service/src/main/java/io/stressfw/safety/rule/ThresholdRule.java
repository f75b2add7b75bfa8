package io.stressfw.safety.rule;

import io.stressfw.model.Comparison;
import io.stressfw.model.RuleWindow;
import io.stressfw.model.Checks;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.ThresholdSpec;
import io.stressfw.model.Severity;
import io.stressfw.model.SourceKind;

import java.util.regex.Pattern;

/**
 * One safety rule: a metric compared with a limit, optionally over a window, with hysteresis (an active violation
 * clears only once the value is {@code hysteresis} back inside the limit), a severity and an action.
 * {@code sourceKind} null means the rule applies to host and agent samples alike. {@code scope} says whether the rule
 * is global or belongs to the running phase; the id is only a name. {@code overridesGlobal}: a phase rule that
 * replaces, for its phase, the global rules on its metric that compare the same way (a phase's explicit
 * {@code override_global}); every other phase rule is added to the global ones.
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
        RuleScope scope,
        boolean overridesGlobal) {
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
        if (overridesGlobal && scope != RuleScope.PHASE) {
            throw new IllegalArgumentException("override_global is for phase rules only, rule '" + id + "' is global");
        }
    }

    /** A global rule. */
    public ThresholdRule(String id, String metric, Comparison comparison, double limit, RuleWindow window,
                         double hysteresis, Severity severity, SafetyAction action, SourceKind sourceKind) {
        this(id, metric, comparison, limit, window, hysteresis, severity, action, sourceKind, RuleScope.GLOBAL, false);
    }

    /** The rule a phase's threshold on {@code metric} becomes: {@code phase:<phase>:<metric>}, scope PHASE. */
    public static ThresholdRule ofPhase(String phaseName, String metric, ThresholdSpec spec) {
        Checks.notNull(spec, "threshold");
        return new ThresholdRule(RuleScope.phaseRuleId(phaseName, metric), metric, spec.comparison(), spec.limit(),
                spec.window(), spec.hysteresis(), spec.severity(), spec.action(), spec.sourceKind(), RuleScope.PHASE,
                spec.overrideGlobal());
    }

    /** A global rule without window or hysteresis, with the severity its action implies. */
    public static ThresholdRule simple(String id, String metric, Comparison comparison, double limit, SafetyAction action) {
        return new ThresholdRule(id, metric, comparison, limit, null, 0, defaultSeverity(action), action, null);
    }

    public static Severity defaultSeverity(SafetyAction action) {
        return ThresholdSpec.defaultSeverity(action);
    }

    public ThresholdRule withId(String newId) {
        return new ThresholdRule(newId, metric, comparison, limit, window, hysteresis, severity, action, sourceKind, scope,
                overridesGlobal);
    }

    public ThresholdRule withScope(RuleScope newScope) {
        return new ThresholdRule(id, metric, comparison, limit, window, hysteresis, severity, action, sourceKind, newScope,
                overridesGlobal && newScope == RuleScope.PHASE);
    }

    public boolean appliesTo(SourceKind kind) {
        return sourceKind == null || sourceKind == kind;
    }

    /** Whether this phase rule replaces {@code global}: an override on the same metric, comparing the same way. */
    public boolean replaces(ThresholdRule global) {
        return overridesGlobal && global.scope() == RuleScope.GLOBAL && global.metric().equals(metric)
                && global.comparison().upward() == comparison.upward();
    }

    public boolean breaches(double value) {
        return comparison.breaches(value, limit);
    }

    /** {@code cpu_usage > 95 for 2s}. */
    public String describe() {
        return metric + " " + comparison.symbol() + " " + Checks.format(limit) + (window == null ? "" : " " + window.describe());
    }
}
