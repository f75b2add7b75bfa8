package io.stressfw.orchestrator.history;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One line of {@code GET /cycles}: what the history's index keeps of a report, so a listing reads no file. */
public record CycleHistoryEntry(String cycleId, long startedAtMs, Long endedAtMs, Double durationSeconds, String outcome,
                                String abortedBy, List<String> phases, Double kneeLoadPercent) {

    public static CycleHistoryEntry of(CycleRunReport report) {
        return new CycleHistoryEntry(report.cycleId(), report.startedAtMs(), report.endedAtMs(),
                report.durationSeconds(), report.outcome(), report.abortedBy(),
                report.plan().stream().map(CycleRunReport.PlannedPhase::phase).toList(), report.kneeLoadPercent());
    }

    public boolean running() {
        return CycleRunReport.RUNNING.equals(outcome);
    }

    /** The summary as {@code GET /cycles} shows it (snake_case, nulls included). */
    public Map<String, Object> toSummary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("cycle_id", cycleId);
        summary.put("started_at_ms", startedAtMs);
        summary.put("ended_at_ms", endedAtMs);
        summary.put("duration_seconds", durationSeconds);
        summary.put("outcome", outcome);
        summary.put("aborted_by", abortedBy);
        summary.put("phases", phases);
        summary.put("knee_load_percent", kneeLoadPercent);
        return summary;
    }
}
