package io.stressfw.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Reads the plain values that YAML and JSON give (maps, lists and scalars) as numbers, durations, flags and texts,
 * refusing each bad one with the same words everywhere ("'x' is not a number", "must be a duration such as 500ms or
 * 2s", ...). One reader per grammar, each throwing its own {@link ValueFormatException} subtype that names the field
 * as the user wrote it: thresholds, probes and SLOs here, the safety-service's rules there.
 */
public final class PlainValues<E extends ValueFormatException> {
    private final Class<E> type;
    private final BiFunction<String, String, E> error;

    private PlainValues(Class<E> type, BiFunction<String, String, E> error) {
        this.type = type;
        this.error = error;
    }

    /** A reader whose refusals are {@code error.apply(field, reason)}. */
    public static <E extends ValueFormatException> PlainValues<E> throwing(Class<E> type, BiFunction<String, String, E> error) {
        return new PlainValues<>(Checks.notNull(type, "type"), Checks.notNull(error, "error"));
    }

    /** The refusal of {@code field} for {@code reason}, to throw. */
    public E error(String field, String reason) {
        return error.apply(field, reason);
    }

    /** A finite number, given as a number or as a text that reads as one. */
    public double number(Object value, String field) {
        double result;
        if (value instanceof Number n) {
            result = n.doubleValue();
        } else if (value instanceof String s) {
            try {
                result = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw error(field, "'" + s + "' is not a number");
            }
        } else {
            throw error(field, "must be a number");
        }
        if (!Double.isFinite(result)) {
            throw error(field, "must be a finite number");
        }
        return result;
    }

    /** A duration: a number of seconds, or a text {@link Durations} reads ({@code 500ms}, {@code 2s}, {@code 1m}). */
    public Duration duration(Object value, String field) {
        if (value instanceof Number n) {
            double seconds = n.doubleValue();
            if (!Double.isFinite(seconds)) {
                throw error(field, "must be a duration such as 500ms or 2s");
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        }
        return checked(field, () -> Durations.parse(String.valueOf(value)));
    }

    /** True or false, given as a boolean or as the text {@code true} or {@code false} (any case). */
    public boolean flag(Object value, String field) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw error(field, "must be true or false, was " + value);
    }

    /** A non-blank text, as written. */
    public String text(Object value, String field) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw error(field, "must be a non-blank string");
        }
        return s;
    }

    /** An object (a map); {@code what} says what it should hold. */
    public Map<?, ?> object(Object value, String field, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw error(field, "must be an object: " + what);
        }
        return map;
    }

    /** Refuses the first key of {@code map} that is not {@code allowed}, naming the allowed ones in order. */
    public void onlyKeys(Map<?, ?> map, String field, Set<String> allowed) {
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                throw error(sub(field, String.valueOf(key)), "unknown field; expected one of "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    /**
     * Runs a record's or a parser's own check and names the field its message is about: this grammar's refusals pass
     * as they are, any other {@link IllegalArgumentException} becomes one for {@code field}.
     */
    public <T> T checked(String field, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            if (type.isInstance(e)) {
                throw e;
            }
            throw error(field, e.getMessage());
        }
    }

    /** {@code field.key}, or {@code key} at the top. */
    public static String sub(String field, String key) {
        return field == null || field.isEmpty() ? key : field + "." + key;
    }
}
