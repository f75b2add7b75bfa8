package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A phase of a cycle report as a JUnit testcase's output: target against achieved load, each resource's target and
 * achieved percent over the hold with its verdict, and per host the p95 (and mean, and the rise over IDLE's baseline)
 * of the metrics that say whether the host was strained.
 */
final class PhaseOutput {
    /**
     * The host metrics worth a line in a CI log; the report carries every metric. The hypervisor's steal beside the
     * CPU usage, since usage counts it as busy: on a shared VM it explains a phase above its target.
     */
    private static final List<String> HOST_METRICS = List.of("cpu_usage", "cpu_steal", "memory_usage", "load_average_1m",
            "swap_usage", "disk_usage", "temperature");

    private PhaseOutput() {
    }

    static String describe(JsonNode phase) {
        List<String> lines = new ArrayList<>();
        lines.add("target " + Fields.percent(Fields.number(phase, "target_load_percent", "target_load"))
                + ", achieved " + Fields.percent(Fields.number(phase, "achieved_load_percent", "achieved_load")));
        JsonNode resources = phase.path("resources");
        if (resources.isObject() && resources.size() > 0) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : iterable(resources)) {
                JsonNode r = entry.getValue();
                parts.add(entry.getKey() + " " + Fields.percent(Fields.number(r, "achieved_percent")) + " of "
                        + Fields.percent(Fields.number(r, "target_percent")) + " (" + Fields.text(r, "verdict")
                        + reachedAfter(Fields.number(r, "reached_after_seconds")) + ")");
            }
            lines.add("held (planned vs achieved): " + String.join(", ", parts));
        }
        JsonNode hosts = phase.path("host_metrics");
        if (hosts.isObject()) {
            for (Map.Entry<String, JsonNode> host : iterable(hosts)) {
                List<String> parts = new ArrayList<>();
                for (String metric : HOST_METRICS) {
                    JsonNode m = host.getValue().path(metric);
                    if (m.isObject()) {
                        parts.add(metric + " p95 " + number(Fields.number(m, "p95")) + " (mean "
                                + number(Fields.number(m, "mean")) + over(Fields.number(m, "over_baseline")) + ")");
                    }
                }
                if (!parts.isEmpty()) {
                    lines.add("host " + host.getKey() + ": " + String.join(", ", parts));
                }
            }
        }
        String knee = Fields.text(phase, "knee_note");
        if (knee != null) {
            lines.add(knee);
        }
        return String.join("\n", lines);
    }

    private static String over(OptionalDouble overBaseline) {
        if (overBaseline.isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, ", %+.1f over IDLE", overBaseline.getAsDouble());
    }

    /** Only a resource that took a while to reach its target (memory's paced growth) says when it got there. */
    private static String reachedAfter(OptionalDouble seconds) {
        if (seconds.isEmpty() || seconds.getAsDouble() < 1) {
            return "";
        }
        return String.format(Locale.ROOT, ", reached after %.1f s", seconds.getAsDouble());
    }

    private static String number(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.1f", value.getAsDouble()) : "-";
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
