package io.stressfw.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Input checks for the records' compact constructors; the messages name the JSON field. */
final class Checks {
    private Checks() {
    }

    static String notBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static double between(double value, double min, double max, String field) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    static double nonNegative(double value, String field) {
        if (Double.isNaN(value) || value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    static Double nonNegativeOrNull(Double value, String field) {
        return value == null ? null : nonNegative(value, field);
    }

    /** An unmodifiable copy that keeps insertion order and null values (a null metric means "not available"). */
    static <V> Map<String, V> copyOf(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
