package io.stressfw.safety.rule;

import io.stressfw.model.Comparison;
import io.stressfw.model.Durations;
import io.stressfw.model.PlainValues;
import io.stressfw.model.RuleWindow;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.ThresholdFormatException;
import io.stressfw.model.ThresholdSpec;
import io.stressfw.model.ThresholdSpecParser;
import io.stressfw.model.Severity;
import io.stressfw.model.SourceKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads rules from plain maps (REST bodies, planned phases of a pre-flight, configuration), naming the offending field in every
 * error. Keys: {@code id}, {@code metric}, {@code comparison} (default above), {@code limit}, {@code for}
 * or {@code window}, {@code hysteresis} (default 0), {@code severity} (default from the action), {@code action}
 * (default stop), {@code source_kind} (host | agent; default both).
 */
public final class RuleParser {
    private static final Set<String> KEYS = Set.of("id", "metric", "comparison", "limit", "for", "window", "hysteresis",
            "severity", "action", "source_kind");

    private static final PlainValues<RuleFormatException> VALUES =
            PlainValues.throwing(RuleFormatException.class, RuleFormatException::new);

    private RuleParser() {
    }

    /** Reads a list of rules; ids must be unique. {@code field} prefixes errors: {@code rules} gives {@code rules[2].limit}. */
    public static List<ThresholdRule> parseList(Object value, String field) {
        if (!(value instanceof List<?> list)) {
            throw new RuleFormatException(field, value == null ? "is required" : "must be a list of rules");
        }
        if (list.isEmpty()) {
            throw new RuleFormatException(field, "must hold at least one rule (an empty set would disable safety)");
        }
        List<ThresholdRule> rules = new ArrayList<>(list.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String itemField = field + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw new RuleFormatException(itemField, "must be an object");
            }
            ThresholdRule rule = parse(map, itemField, null, null);
            if (!ids.add(rule.id())) {
                throw new RuleFormatException(itemField + ".id", "duplicate rule id '" + rule.id() + "'");
            }
            rules.add(rule);
        }
        return List.copyOf(rules);
    }

    /**
     * Reads one global rule (REST, configuration), refusing unknown fields. {@code defaultId} and
     * {@code defaultMetric} fill in a missing id or metric.
     */
    public static ThresholdRule parse(Map<?, ?> map, String field, String defaultId, String defaultMetric) {
        VALUES.onlyKeys(map, field, KEYS);
        String metric = text(map, "metric", field, defaultMetric);
        if (metric == null) {
            throw new RuleFormatException(field + ".metric", "is required");
        }
        String id = text(map, "id", field, defaultId != null ? defaultId : metric);
        Comparison comparison = VALUES.checked(field + ".comparison", () -> Comparison.parse(text(map, "comparison", field, "above")));
        Object limitValue = map.get("limit");
        if (limitValue == null) {
            throw new RuleFormatException(field + ".limit", "is required");
        }
        double limit = VALUES.number(limitValue, field + ".limit");
        RuleWindow window = window(map, field);
        double hysteresis = map.get("hysteresis") == null ? 0 : VALUES.number(map.get("hysteresis"), field + ".hysteresis");
        if (hysteresis < 0) {
            throw new RuleFormatException(field + ".hysteresis", "must be >= 0");
        }
        SafetyAction action = VALUES.checked(field + ".action", () -> SafetyAction.fromWire(text(map, "action", field, "stop")));
        String severityText = text(map, "severity", field, null);
        Severity severity = severityText == null ? ThresholdRule.defaultSeverity(action)
                : VALUES.checked(field + ".severity", () -> Severity.fromWire(severityText));
        String kindText = text(map, "source_kind", field, null);
        SourceKind kind = kindText == null || kindText.equalsIgnoreCase("any") ? null
                : VALUES.checked(field + ".source_kind", () -> SourceKind.fromWire(kindText));
        try {
            return new ThresholdRule(id, metric.trim(), comparison, limit, window, hysteresis, severity, action, kind);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int space = message.indexOf(' ');
            String name = space > 0 ? message.substring(0, space) : "rule";
            throw new RuleFormatException(field + "." + name, space > 0 ? message.substring(space + 1) : message);
        }
    }

    /**
     * Reads a phase's {@code safety_thresholds} (REST: the planned phases of a pre-flight) with the plans' own parser:
     * metric -> limit (the flat form, with the default window) or metric -> threshold object, unknown fields and
     * metric names refused; each becomes a {@link RuleScope#PHASE} rule named
     * {@link RuleScope#phaseRuleId phase:<phaseName>:<metric>}.
     */
    public static List<ThresholdRule> parsePhaseThresholds(Object value, String phaseName, String field) {
        Map<String, ThresholdSpec> specs;
        try {
            specs = ThresholdSpecParser.parseAll(value, field);
        } catch (ThresholdFormatException e) {
            throw new RuleFormatException(e.field(), e.reason());
        }
        List<ThresholdRule> rules = new ArrayList<>(specs.size());
        specs.forEach((metric, spec) -> rules.add(VALUES.checked(field + "." + metric, () -> ThresholdRule.ofPhase(phaseName, metric, spec))));
        return List.copyOf(rules);
    }

    /** The map form of a rule, the one {@link #parse} reads back. */
    public static Map<String, Object> toMap(ThresholdRule rule) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", rule.id());
        map.put("metric", rule.metric());
        map.put("comparison", rule.comparison().wireName());
        map.put("limit", rule.limit());
        if (rule.window() != null) {
            if (rule.window().kind() == RuleWindow.Kind.FOR) {
                map.put("for", Durations.format(rule.window().length()));
            } else {
                map.put("window", rule.window().describe());
            }
        }
        map.put("hysteresis", rule.hysteresis());
        map.put("severity", rule.severity().wireName());
        map.put("action", rule.action().wireName());
        if (rule.sourceKind() != null) {
            map.put("source_kind", rule.sourceKind().wireName());
        }
        if (rule.overridesGlobal()) {
            map.put("override_global", true);
        }
        return map;
    }

    private static RuleWindow window(Map<?, ?> map, String field) {
        Object forValue = map.get("for");
        Object windowValue = map.get("window");
        if (forValue != null && windowValue != null) {
            throw new RuleFormatException(field + ".window", "give either 'for' or 'window', not both");
        }
        if (forValue != null) {
            Duration length = VALUES.duration(forValue, field + ".for");
            return VALUES.checked(field + ".for", () -> RuleWindow.continuously(length));
        }
        if (windowValue != null) {
            return VALUES.checked(field + ".window", () -> RuleWindow.parseAggregate(String.valueOf(windowValue)));
        }
        return null;
    }

    private static String text(Map<?, ?> map, String key, String field, String defaultValue) {
        Object value = map.get(key);
        if (value == null) {
            return defaultValue;
        }
        return VALUES.text(value, field + "." + key);
    }
}
