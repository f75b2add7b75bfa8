package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Tolerant readers for the orchestrator's JSON: a field may be absent or null while a cycle is starting, and a few
 * report fields have more than one accepted spelling, so every read names its candidates and a fallback.
 */
final class Fields {

    private Fields() {
    }

    static String text(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node == null ? null : node.get(name);
            if (value != null && !value.isNull() && !value.isContainerNode()) {
                return value.asText();
            }
        }
        return null;
    }

    static OptionalDouble number(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node == null ? null : node.get(name);
            if (value != null && value.isNumber()) {
                return OptionalDouble.of(value.asDouble());
            }
            if (value != null && value.isTextual()) {
                try {
                    return OptionalDouble.of(Double.parseDouble(value.asText()));
                } catch (NumberFormatException ignored) {
                    // not a number: try the next spelling
                }
            }
        }
        return OptionalDouble.empty();
    }

    static List<JsonNode> array(JsonNode node, String... names) {
        List<JsonNode> items = new ArrayList<>();
        for (String name : names) {
            JsonNode value = node == null ? null : node.get(name);
            if (value != null && value.isArray()) {
                value.forEach(items::add);
                return items;
            }
        }
        return items;
    }

    /** A phase entry is either a bare name ("light") or an object naming it in {@code phase} or {@code name}. */
    static String phaseName(JsonNode entry) {
        if (entry == null || entry.isNull()) {
            return null;
        }
        if (entry.isValueNode()) {
            return entry.asText();
        }
        return text(entry, "phase", "name");
    }

    static String percent(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.1f%%", value.getAsDouble()) : "-";
    }

    static String seconds(OptionalDouble value) {
        if (value.isEmpty()) {
            return "-";
        }
        long total = Math.max(0, Math.round(value.getAsDouble()));
        return total >= 60 ? String.format(Locale.ROOT, "%dm%02ds", total / 60, total % 60) : total + "s";
    }
}
