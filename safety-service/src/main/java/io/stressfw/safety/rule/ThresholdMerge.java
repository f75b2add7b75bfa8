package io.stressfw.safety.rule;

import io.stressfw.model.MetricNames;
import io.stressfw.model.ThresholdFormatException;
import io.stressfw.model.ThresholdSpec;
import io.stressfw.model.ThresholdSpecParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seed's {@code set_thresholds({"cpu_usage": 85.0, "memory_usage": 90.0})}: merges a flat map of metric to
 * limit (or to a threshold object) into the global rules in force instead of replacing them. A number changes only
 * the limit of the rules on that metric that compare upwards (their window, action and severity stay); an object
 * replaces those rules' settings with its own. A metric no rule watches yet gets a rule of its own (id = the
 * metric), in the flat form's meaning: above the limit for 500 ms stops the cycle.
 */
public final class ThresholdMerge {
    private ThresholdMerge() {
    }

    public static List<ThresholdRule> merge(List<ThresholdRule> current, Map<?, ?> thresholds) {
        if (thresholds == null || thresholds.isEmpty()) {
            throw new RuleFormatException("thresholds", "must name at least one metric, e.g. {\"cpu_usage\": 85.0}");
        }
        List<ThresholdRule> rules = new ArrayList<>(current);
        for (Map.Entry<?, ?> entry : thresholds.entrySet()) {
            String metric = String.valueOf(entry.getKey());
            if (!MetricNames.isKnown(metric)) {
                throw new RuleFormatException(metric, "unknown metric '" + metric + "'; expected one of "
                        + MetricNames.describeKnown());
            }
            ThresholdSpec spec;
            try {
                spec = ThresholdSpecParser.parse(entry.getValue(), metric, true);
            } catch (ThresholdFormatException e) {
                throw new RuleFormatException(e.field(), e.reason());
            }
            if (spec.overrideGlobal()) {
                throw new RuleFormatException(metric + ".override_global", "is for a phase's thresholds only");
            }
            boolean limitOnly = entry.getValue() instanceof Number || entry.getValue() instanceof String;
            boolean found = false;
            for (int i = 0; i < rules.size(); i++) {
                ThresholdRule rule = rules.get(i);
                if (rule.metric().equals(metric) && rule.comparison().upward() == spec.comparison().upward()) {
                    rules.set(i, limitOnly ? withLimit(rule, spec.limit()) : fromSpec(rule.id(), metric, spec));
                    found = true;
                }
            }
            if (!found) {
                rules.add(fromSpec(metric, metric, spec));
            }
        }
        return List.copyOf(rules);
    }

    private static ThresholdRule withLimit(ThresholdRule rule, double limit) {
        return new ThresholdRule(rule.id(), rule.metric(), rule.comparison(), limit, rule.window(), rule.hysteresis(),
                rule.severity(), rule.action(), rule.sourceKind());
    }

    private static ThresholdRule fromSpec(String id, String metric, ThresholdSpec spec) {
        return new ThresholdRule(id, metric, spec.comparison(), spec.limit(), spec.window(), spec.hysteresis(),
                spec.severity(), spec.action(), spec.sourceKind());
    }
}
