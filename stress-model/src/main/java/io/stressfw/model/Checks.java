package io.stressfw.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input checks for records, settings and request bodies across every module. Each message starts with the field's
 * name as the user wrote it (the JSON or YAML key, the property), so the caller can pass it on as is.
 */
public final class Checks {
    private Checks() {
    }

    public static String notBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    public static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** {@code value} in [min, max]; NaN is refused. */
    public static double between(double value, double min, double max, String field) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + format(min) + " and " + format(max)
                    + ", was " + format(value));
        }
        return value;
    }

    public static long between(long value, long min, long max, String field) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    public static double positive(double value, String field) {
        if (Double.isNaN(value) || value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, was " + format(value));
        }
        return value;
    }

    public static double nonNegative(double value, String field) {
        if (Double.isNaN(value) || value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + format(value));
        }
        return value;
    }

    public static Double nonNegativeOrNull(Double value, String field) {
        return value == null ? null : nonNegative(value, field);
    }

    /** A number as a person writes it: 100 rather than 100.0, 2.5 as is. */
    public static String format(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15
                ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** An unmodifiable copy that keeps insertion order and null values (a null metric means "not available"). */
    public static <V> Map<String, V> copyOf(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
