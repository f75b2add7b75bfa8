package io.stressfw.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the plain values (YAML and JSON as maps, lists and scalars) of a plan's {@code probes:} and {@code slo:}
 * sections; every refusal is a {@link ProbeFormatException} naming the field as the user wrote it.
 */
final class PlanValues {
    private PlanValues() {
    }

    static Map<?, ?> object(Object value, String field, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new ProbeFormatException(field, "must be an object: " + what);
        }
        return map;
    }

    static void onlyKeys(Map<?, ?> map, String field, Set<String> allowed) {
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                throw new ProbeFormatException(sub(field, String.valueOf(key)), "unknown field; expected one of "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    static String text(Object value, String field) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw new ProbeFormatException(field, "must be a non-blank string");
        }
        return s.trim();
    }

    static Duration duration(Object value, String field) {
        if (value instanceof Number n) {
            double seconds = n.doubleValue();
            if (!Double.isFinite(seconds) || seconds < 0) {
                throw new ProbeFormatException(field, "must be a duration such as 500ms or 2s");
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        }
        try {
            return Durations.parse(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw new ProbeFormatException(field, e.getMessage());
        }
    }

    static double number(Object value, String field) {
        double result;
        if (value instanceof Number n) {
            result = n.doubleValue();
        } else if (value instanceof String s) {
            try {
                result = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new ProbeFormatException(field, "'" + s + "' is not a number");
            }
        } else {
            throw new ProbeFormatException(field, "must be a number");
        }
        if (!Double.isFinite(result)) {
            throw new ProbeFormatException(field, "must be a finite number");
        }
        return result;
    }

    static boolean flag(Object value, String field) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ProbeFormatException(field, "must be true or false, was " + value);
    }

    static String sub(String field, String key) {
        return field == null || field.isEmpty() ? key : field + "." + key;
    }

    /** Runs a record's own check and names the field its message is about. */
    static <T> T checked(String field, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (ProbeFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ProbeFormatException(field, e.getMessage());
        }
    }
}
