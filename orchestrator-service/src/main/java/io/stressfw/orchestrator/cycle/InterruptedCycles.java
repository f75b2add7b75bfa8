package io.stressfw.orchestrator.cycle;

import io.stressfw.model.AbortedBy;
import io.stressfw.model.CycleEndedDetails;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.Versioned;
import io.stressfw.orchestrator.history.CycleRunReport;
import io.stressfw.orchestrator.history.CycleRunReport.PlannedPhase;

/**
 * The {@code cycle_aborted} a cycle never got because its orchestrator died while it ran. Without it metrics-service,
 * which kept the cycle as running on its own disk, and safety-service, which holds it in memory, would go on treating
 * it as under way: metrics-service sampling the host at the cycle rate and tagging every sample with it, safety
 * judging sources stale. The event is stamped with the last instant the report recorded (when the process died is not
 * known) and its id is derived from the cycle's, so a second announcement after another crash is a replay.
 */
final class InterruptedCycles {
    private InterruptedCycles() {
    }

    static PhaseEvent abortedEvent(CycleRunReport report) {
        boolean adaptive = report.plan().stream().anyMatch(PlannedPhase::adaptive);
        return new PhaseEvent(Versioned.SCHEMA_VERSION, report.cycleId() + "-interrupted", report.lastRecordedMs(),
                report.cycleId(), PhaseEventType.CYCLE_ABORTED, null, null, CycleRunReport.INTERRUPTED_REASON,
                new CycleEndedDetails(AbortedBy.ORCHESTRATOR, false, adaptive, null));
    }
}
