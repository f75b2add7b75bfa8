package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Set;

/**
 * What a finished cycle means for a pipeline: exit 0 when it completed (every phase held its target), 3 when it ran
 * to its end but a phase held under its target ({@code under_target}: the load was not applied), 2 when safety
 * aborted it, 4 when it ran to its end but the service under test did not recover after the ramp-down
 * ({@code not_recovered}: a steady-state probe did not hold), 1 otherwise (aborted by an operator, interrupted by a
 * restart). A {@code recovering} cycle (its recovery not judged yet) has not ended.
 */
record CycleVerdict(String cycleId, String outcome, String abortedBy, int exitCode, String summary) {

    static final int COMPLETED = 0;
    static final int ERROR = 1;
    static final int SAFETY_ABORT = 2;
    static final int UNDER_TARGET = 3;
    static final int NOT_RECOVERED = 4;

    private static final Set<String> FINAL_OUTCOMES = Set.of("completed", "under_target", "not_recovered", "aborted",
            "interrupted");

    /**
     * True when the report describes a cycle that has ended (its outcome is completed, under_target, aborted or
     * interrupted).
     */
    static boolean isFinal(JsonNode report) {
        String outcome = Fields.text(report, "outcome");
        return outcome != null && FINAL_OUTCOMES.contains(outcome.toLowerCase(Locale.ROOT));
    }

    static CycleVerdict of(JsonNode report) {
        String cycleId = Fields.text(report, "cycle_id", "id");
        String outcome = lower(Fields.text(report, "outcome"));
        String abortedBy = lower(Fields.text(report, "aborted_by"));
        int violations = Fields.array(report, "violations").size();
        String knee = Fields.number(report, "knee_load_percent").isPresent()
                ? ", knee " + Fields.percent(Fields.number(report, "knee_load_percent")) : "";
        int phasesRun = Fields.array(report, "phases").size();
        String counts = phasesRun + " phase" + (phasesRun == 1 ? "" : "s") + " run, " + violations + " violation"
                + (violations == 1 ? "" : "s") + knee;
        String reason = Fields.text(report, "abort_reason", "reason");
        String because = reason == null || reason.isBlank() ? "" : " (" + reason + ")";
        if ("completed".equals(outcome)) {
            return new CycleVerdict(cycleId, outcome, abortedBy, COMPLETED,
                    "cycle " + cycleId + " completed: " + counts);
        }
        if ("under_target".equals(outcome)) {
            String why = Fields.text(report, "verdict_reason");
            return new CycleVerdict(cycleId, outcome, abortedBy, UNDER_TARGET, "cycle " + cycleId
                    + " ran under its target" + (why == null ? "" : " (" + why + ")") + ": " + counts);
        }
        if ("not_recovered".equals(outcome)) {
            String why = Fields.text(report, "verdict_reason");
            return new CycleVerdict(cycleId, outcome, abortedBy, NOT_RECOVERED, "cycle " + cycleId
                    + " ran to its end but the service did not recover" + (why == null ? "" : " (" + why + ")") + ": " + counts);
        }
        if ("aborted".equals(outcome) && abortedBy != null && abortedBy.startsWith("safety")) {
            return new CycleVerdict(cycleId, outcome, abortedBy, SAFETY_ABORT,
                    "cycle " + cycleId + " aborted by safety" + because + ": " + counts);
        }
        String by = abortedBy == null ? "" : " by " + abortedBy;
        return new CycleVerdict(cycleId, outcome, abortedBy, ERROR,
                "cycle " + cycleId + " " + (outcome == null ? "ended without an outcome" : outcome) + by + because
                        + ": " + counts);
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }
}
