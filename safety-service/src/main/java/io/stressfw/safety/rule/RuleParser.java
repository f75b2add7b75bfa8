package io.stressfw.safety.rule;

import io.stressfw.model.SafetyAction;
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
 * Reads rules from plain maps (JSON bodies, phase-event details, configuration), naming the offending field in every
 * error. Keys: {@code id}, {@code metric}, {@code comparison} (default above), {@code limit}, {@code for}
 * or {@code window}, {@code hysteresis} (default 0), {@code severity} (default from the action), {@code action}
 * (default stop), {@code source_kind} (host | agent; default both).
 */
public final class RuleParser {
    private static final Set<String> KEYS = Set.of("id", "metric", "comparison", "limit", "for", "window", "hysteresis",
            "severity", "action", "source_kind");

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
     * Reads one rule. {@code defaultId} and {@code defaultMetric} fill in a missing id or metric (a phase's
     * {@code safety_thresholds} is keyed by metric).
     */
    public static ThresholdRule parse(Map<?, ?> map, String field, String defaultId, String defaultMetric) {
        return parse(map, field, defaultId, defaultMetric, true);
    }

    /**
     * {@code strict} refuses unknown fields (REST, configuration); phase thresholds arrive on the wire, where a newer
     * orchestrator may add fields, so there they are ignored rather than costing the whole threshold.
     */
    public static ThresholdRule parse(Map<?, ?> map, String field, String defaultId, String defaultMetric, boolean strict) {
        for (Object key : map.keySet()) {
            if (strict && !KEYS.contains(String.valueOf(key))) {
                throw new RuleFormatException(field + "." + key, "unknown field; expected one of " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        String metric = text(map, "metric", field, defaultMetric);
        if (metric == null) {
            throw new RuleFormatException(field + ".metric", "is required");
        }
        String id = text(map, "id", field, defaultId != null ? defaultId : metric);
        Comparison comparison = parsed(field + ".comparison", () -> Comparison.parse(text(map, "comparison", field, "above")));
        Object limitValue = map.get("limit");
        if (limitValue == null) {
            throw new RuleFormatException(field + ".limit", "is required");
        }
        double limit = number(limitValue, field + ".limit");
        RuleWindow window = window(map, field);
        double hysteresis = map.get("hysteresis") == null ? 0 : number(map.get("hysteresis"), field + ".hysteresis");
        if (hysteresis < 0) {
            throw new RuleFormatException(field + ".hysteresis", "must be >= 0");
        }
        SafetyAction action = parsed(field + ".action", () -> SafetyAction.fromWire(text(map, "action", field, "stop")));
        String severityText = text(map, "severity", field, null);
        Severity severity = severityText == null ? ThresholdRule.defaultSeverity(action)
                : parsed(field + ".severity", () -> Severity.fromWire(severityText));
        String kindText = text(map, "source_kind", field, null);
        SourceKind kind = kindText == null || kindText.equalsIgnoreCase("any") ? null
                : parsed(field + ".source_kind", () -> SourceKind.fromWire(kindText));
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
     * Reads a phase's {@code safety_thresholds}: metric -> limit, or metric -> rule object (unknown fields ignored),
     * as {@link RuleScope#PHASE} rules named {@link RuleScope#phaseRuleId phase:<phaseName>:<metric>}.
     */
    public static List<ThresholdRule> parsePhaseThresholds(Object value, String phaseName, String field) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new RuleFormatException(field, "must be an object of metric -> limit");
        }
        List<ThresholdRule> rules = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String metric = String.valueOf(entry.getKey());
            String entryField = field + "." + metric;
            String id = RuleScope.phaseRuleId(phaseName, metric);
            if (entry.getValue() instanceof Map<?, ?> object) {
                rules.add(parse(object, entryField, id, metric, false).withScope(RuleScope.PHASE));
            } else {
                double limit = number(entry.getValue(), entryField);
                rules.add(parsed(entryField, () -> ThresholdRule.simple(id, metric, Comparison.ABOVE, limit, SafetyAction.STOP)
                        .withScope(RuleScope.PHASE)));
            }
        }
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
        return map;
    }

    private static RuleWindow window(Map<?, ?> map, String field) {
        Object forValue = map.get("for");
        Object windowValue = map.get("window");
        if (forValue != null && windowValue != null) {
            throw new RuleFormatException(field + ".window", "give either 'for' or 'window', not both");
        }
        if (forValue != null) {
            Duration length = parsed(field + ".for", () -> forValue instanceof Number n
                    ? Duration.ofMillis(Math.round(n.doubleValue() * 1000)) : Durations.parse(String.valueOf(forValue)));
            return parsed(field + ".for", () -> RuleWindow.continuously(length));
        }
        if (windowValue != null) {
            return parsed(field + ".window", () -> RuleWindow.parseAggregate(String.valueOf(windowValue)));
        }
        return null;
    }

    private static String text(Map<?, ?> map, String key, String field, String defaultValue) {
        Object value = map.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new RuleFormatException(field + "." + key, "must be a non-blank string");
        }
        return s;
    }

    private static double number(Object value, String field) {
        double result;
        if (value instanceof Number n) {
            result = n.doubleValue();
        } else if (value instanceof String s) {
            try {
                result = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new RuleFormatException(field, "'" + s + "' is not a number");
            }
        } else {
            throw new RuleFormatException(field, "must be a number");
        }
        if (!Double.isFinite(result)) {
            throw new RuleFormatException(field, "must be a finite number");
        }
        return result;
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T parsed(String field, Parse<T> parse) {
        try {
            return parse.get();
        } catch (RuleFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new RuleFormatException(field, e.getMessage());
        }
    }
}
