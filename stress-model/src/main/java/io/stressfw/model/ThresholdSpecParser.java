package io.stressfw.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads thresholds from plain values (YAML and JSON as maps, lists and scalars): the flat form {@code cpu_usage: 40}
 * and the object form {@code cpu_usage: {limit: 95, for: 2s}} or {@code memory_usage: {limit: 90, window: "p95 over
 * 5s"}} (also {@code p95_over: 5s}). Every error is a {@link ThresholdFormatException} naming the field as the user
 * wrote it, so that a file loader can point at its line.
 */
public final class ThresholdSpecParser {
    private static final Map<String, RuleWindow.Kind> AGGREGATE_KEYS = Map.of(
            "p50_over", RuleWindow.Kind.P50, "p95_over", RuleWindow.Kind.P95, "p99_over", RuleWindow.Kind.P99,
            "mean_over", RuleWindow.Kind.MEAN, "max_over", RuleWindow.Kind.MAX, "min_over", RuleWindow.Kind.MIN);
    private static final Set<String> KEYS;

    static {
        Set<String> keys = new TreeSet<>(List.of("comparison", "limit", "for", "window", "hysteresis", "severity",
                "action", "source_kind", "override_global"));
        keys.addAll(AGGREGATE_KEYS.keySet());
        KEYS = Set.copyOf(keys);
    }

    private static final PlainValues<ThresholdFormatException> VALUES =
            PlainValues.throwing(ThresholdFormatException.class, ThresholdFormatException::new);

    private ThresholdSpecParser() {
    }

    /**
     * A plan's {@code safety_thresholds}: metric name to threshold, in the given order. Null is none. Unknown fields
     * and metric names no sample carries ({@link MetricNames#isKnown}) are refused.
     */
    public static Map<String, ThresholdSpec> parseAll(Object value, String field) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ThresholdFormatException(field, "must be an object of metric name -> limit or threshold");
        }
        Map<String, ThresholdSpec> specs = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String metric = String.valueOf(entry.getKey());
            String entryField = field + "." + metric;
            if (!MetricNames.isKnown(metric)) {
                throw new ThresholdFormatException(entryField, "unknown metric '" + metric + "'; expected one of "
                        + MetricNames.describeKnown());
            }
            specs.put(metric, parse(entry.getValue(), entryField, true));
        }
        return java.util.Collections.unmodifiableMap(specs);
    }

    /**
     * One threshold: a number (the flat form) or an object. {@code strict} refuses unknown fields (files, REST);
     * the wire reads leniently, so that an older reader still applies the fields it knows.
     */
    public static ThresholdSpec parse(Object value, String field, boolean strict) {
        if (value == null) {
            throw new ThresholdFormatException(field, "is required: a limit or a threshold object");
        }
        if (value instanceof Number || value instanceof String) {
            return ThresholdSpec.above(limit(value, field));
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ThresholdFormatException(field, "must be a number (the limit) or an object with a limit");
        }
        if (strict) {
            VALUES.onlyKeys(map, field, KEYS);
        }
        if (map.get("limit") == null) {
            throw new ThresholdFormatException(sub(field, "limit"), "is required");
        }
        ThresholdSpec spec = ThresholdSpec.above(limit(map.get("limit"), sub(field, "limit")));
        if (map.get("comparison") != null) {
            spec = spec.withComparison(VALUES.checked(sub(field, "comparison"), () -> Comparison.parse(text(map, "comparison", field))));
        }
        spec = spec.withWindow(window(map, field));
        if (map.get("hysteresis") != null) {
            double hysteresis = VALUES.number(map.get("hysteresis"), sub(field, "hysteresis"));
            if (hysteresis < 0) {
                throw new ThresholdFormatException(sub(field, "hysteresis"), "must be >= 0, was " + Checks.format(hysteresis));
            }
            spec = spec.withHysteresis(hysteresis);
        }
        if (map.get("action") != null) {
            spec = spec.withAction(VALUES.checked(sub(field, "action"), () -> SafetyAction.fromWire(text(map, "action", field))));
        }
        if (map.get("severity") != null) {
            spec = spec.withSeverity(VALUES.checked(sub(field, "severity"), () -> Severity.fromWire(text(map, "severity", field))));
        }
        Object kind = map.get("source_kind");
        if (kind != null && !String.valueOf(kind).equalsIgnoreCase("any")) {
            spec = spec.withSourceKind(VALUES.checked(sub(field, "source_kind"), () -> SourceKind.fromWire(text(map, "source_kind", field))));
        }
        if (map.get("override_global") != null) {
            spec = spec.withOverrideGlobal(VALUES.flag(map.get("override_global"), sub(field, "override_global")));
        }
        return spec;
    }

    private static RuleWindow window(Map<?, ?> map, String field) {
        String chosen = null;
        RuleWindow window = ThresholdSpec.DEFAULT_WINDOW;
        for (Object key : map.keySet()) {
            String name = String.valueOf(key);
            Object value = map.get(key);
            if (value == null || !(name.equals("for") || name.equals("window") || AGGREGATE_KEYS.containsKey(name))) {
                continue;
            }
            if (chosen != null) {
                throw new ThresholdFormatException(sub(field, name), "give one window: '" + chosen + "' is already given");
            }
            chosen = name;
            String keyField = sub(field, name);
            if (name.equals("for")) {
                Duration length = VALUES.duration(value, keyField);
                window = VALUES.checked(keyField, () -> RuleWindow.continuously(length));
            } else if (name.equals("window")) {
                window = VALUES.checked(keyField, () -> RuleWindow.parseAggregate(String.valueOf(value)));
            } else {
                Duration length = VALUES.duration(value, keyField);
                window = VALUES.checked(keyField, () -> new RuleWindow(AGGREGATE_KEYS.get(name), length));
            }
        }
        return window;
    }

    private static double limit(Object value, String field) {
        double limit = VALUES.number(value, field);
        if (limit < 0) {
            throw new ThresholdFormatException(field, "must be >= 0, was " + Checks.format(limit));
        }
        return limit;
    }

    private static String text(Map<?, ?> map, String key, String field) {
        return VALUES.text(map.get(key), sub(field, key));
    }

    private static String sub(String field, String key) {
        return PlainValues.sub(field, key);
    }
}
