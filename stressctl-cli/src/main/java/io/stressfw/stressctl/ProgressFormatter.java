package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** Renders a GET /status answer as one progress line: with a bar for a terminal, plain for a log. */
final class ProgressFormatter {

    private static final int BAR_WIDTH = 24;

    private ProgressFormatter() {
    }

    static String plain(JsonNode status) {
        return describePhase(status) + " " + percentDone(status) + "  " + loadAndTime(status);
    }

    static String withBar(JsonNode status) {
        double progress = clampedProgress(status);
        int filled = (int) Math.round(progress * BAR_WIDTH);
        String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
        return describePhase(status) + " [" + bar + "] " + percentDone(status) + "  " + loadAndTime(status);
    }

    static String describePhase(JsonNode status) {
        String phase = Fields.text(status, "current_phase");
        if (phase == null) {
            return "phase -";
        }
        List<JsonNode> phases = Fields.array(status, "phases");
        for (int i = 0; i < phases.size(); i++) {
            if (phase.equalsIgnoreCase(Fields.phaseName(phases.get(i)))) {
                return "phase " + phase + " (" + (i + 1) + "/" + phases.size() + ")";
            }
        }
        return "phase " + phase;
    }

    private static String percentDone(JsonNode status) {
        return String.format(Locale.ROOT, "%3d%%", Math.round(clampedProgress(status) * 100));
    }

    private static double clampedProgress(JsonNode status) {
        OptionalDouble progress = Fields.number(status, "phase_progress");
        double value = progress.orElse(0);
        return Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
    }

    private static String loadAndTime(JsonNode status) {
        return "load " + Fields.percent(Fields.number(status, "current_load_percent"))
                + " -> " + Fields.percent(Fields.number(status, "target_load_percent"))
                + "  elapsed " + Fields.seconds(Fields.number(status, "phase_elapsed_seconds"))
                + "  remaining " + Fields.seconds(Fields.number(status, "phase_remaining_seconds"));
    }
}
