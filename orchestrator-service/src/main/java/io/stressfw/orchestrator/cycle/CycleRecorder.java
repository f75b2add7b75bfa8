package io.stressfw.orchestrator.cycle;

import io.stressfw.model.CycleEndedDetails;
import io.stressfw.model.PhaseEndedDetails;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.Violation;
import io.stressfw.orchestrator.history.CycleRunReport;

import java.util.List;

/**
 * Keeps one cycle's {@link CycleRunReport} as the cycle runs: each engine event moves the report on, and the
 * agents' achieved load measured at each tick is averaged per phase, over the hold when the phase held, else over
 * the whole phase. Plain Java, not thread-safe: the service calls it under its lock, like the engine.
 */
public final class CycleRecorder {
    private final CycleRunReport report;
    private final Mean holdAchieved = new Mean();
    private final Mean phaseAchieved = new Mean();

    public CycleRecorder(String cycleId, List<PhasePlan> plan, SafetyOverride override, long startedAtMs) {
        this.report = CycleRunReport.started(cycleId, startedAtMs, override.checks(),
                plan.stream().map(p -> CycleRunReport.PlannedPhase.of(p.phase(), p.spec())).toList());
        report.safetyOverridden(override.watchdog(), override.by());
    }

    public CycleRunReport report() {
        return report;
    }

    public String outcome() {
        return report.outcome();
    }

    /** The agents' mean achieved load at one tick, in {@code stage} of the current phase; null: nothing measured. */
    public void recordAchieved(Double achievedLoadPercent, Stage stage) {
        if (achievedLoadPercent == null || report.currentPhase() == null) {
            return;
        }
        if (stage == Stage.HOLD) {
            holdAchieved.add(achievedLoadPercent);
        }
        phaseAchieved.add(achievedLoadPercent);
    }

    public void recordViolation(Violation violation) {
        report.violationSeen(violation);
    }

    public void record(CycleEvent event) {
        CycleRunReport.PhaseRun run = report.currentPhase();
        switch (event.type()) {
            case PHASE_STARTED -> {
                holdAchieved.reset();
                phaseAchieved.reset();
                report.phaseStarted(event.phase().wireName(), event.timestampMs(), event.targetLoadPercent());
            }
            case HOLD_STARTED -> run.holdStarted(event.timestampMs());
            case RAMP_DOWN_STARTED -> run.rampDownStarted(event.timestampMs());
            case LOAD_ADJUSTED -> run.targetAdjusted(event.targetLoadPercent());
            case PHASE_COMPLETED, PHASE_ABORTED -> {
                Mean achieved = holdAchieved.count > 0 ? holdAchieved : phaseAchieved;
                run.ended(event.timestampMs(), event.type() == PhaseEventType.PHASE_COMPLETED, event.targetLoadPercent(),
                        achieved.count > 0 ? round(achieved.value()) : null,
                        event.details(PhaseEndedDetails.class).kneeLoadPercent());
            }
            case CYCLE_COMPLETED, CYCLE_ABORTED -> {
                CycleEndedDetails details = event.details(CycleEndedDetails.class);
                report.cycleEnded(event.timestampMs(), event.type() == PhaseEventType.CYCLE_COMPLETED,
                        details.abortedBy() == null ? null : details.abortedBy().wireName(), event.reason(),
                        details.kneeLoadPercent());
            }
            case CYCLE_STARTED -> {
            }
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** A running mean. */
    private static final class Mean {
        private double sum;
        private int count;

        void add(double value) {
            sum += value;
            count++;
        }

        double value() {
            return sum / count;
        }

        void reset() {
            sum = 0;
            count = 0;
        }
    }
}
