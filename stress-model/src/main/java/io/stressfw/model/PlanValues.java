package io.stressfw.model;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Reads the plain values (YAML and JSON as maps, lists and scalars) of a plan's {@code probes:} and {@code slo:}
 * sections with the shared {@link PlainValues}; every refusal is a {@link ProbeFormatException} naming the field as
 * the user wrote it. Durations here are never negative.
 */
final class PlanValues {
    private static final PlainValues<ProbeFormatException> VALUES =
            PlainValues.throwing(ProbeFormatException.class, ProbeFormatException::new);

    private PlanValues() {
    }

    static Map<?, ?> object(Object value, String field, String what) {
        return VALUES.object(value, field, what);
    }

    static void onlyKeys(Map<?, ?> map, String field, Set<String> allowed) {
        VALUES.onlyKeys(map, field, allowed);
    }

    static String text(Object value, String field) {
        return VALUES.text(value, field).trim();
    }

    static Duration duration(Object value, String field) {
        if (value instanceof Number n && n.doubleValue() < 0) {
            throw VALUES.error(field, "must be a duration such as 500ms or 2s");
        }
        return VALUES.duration(value, field);
    }

    static double number(Object value, String field) {
        return VALUES.number(value, field);
    }

    static boolean flag(Object value, String field) {
        return VALUES.flag(value, field);
    }

    static String sub(String field, String key) {
        return PlainValues.sub(field, key);
    }

    /** Runs a record's own check and names the field its message is about. */
    static <T> T checked(String field, java.util.function.Supplier<T> build) {
        return VALUES.checked(field, build);
    }
}
