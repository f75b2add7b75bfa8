package io.stressfw.orchestrator.cycle;

import io.stressfw.model.AbortedBy;
import io.stressfw.model.CycleEndedDetails;
import io.stressfw.model.CycleStartedDetails;
import io.stressfw.model.HoldStartedDetails;
import io.stressfw.model.LoadAdjustedDetails;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEndedDetails;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.PhaseStartedDetails;
import io.stressfw.model.RampDownStartedDetails;
import io.stressfw.model.RampingStrategy;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.orchestrator.config.PhaseSpec;
import io.stressfw.orchestrator.history.CycleRunReport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CycleRecorderTest {
    private static final PhaseSpec LIGHT = PhaseSpec.builder().minLoad(10).maxLoad(25).durationSeconds(10)
            .rampUpSeconds(2).rampDownSeconds(1).cpuWeight(1).memoryWeight(0.5)
            .safetyThresholds(Map.of("cpu_usage", 95.0)).build();
    private static final PhaseSpec MEDIUM = PhaseSpec.builder().minLoad(25).maxLoad(50).targetLoad(40.0)
            .durationSeconds(10).cpuWeight(1).build();

    private final CycleRecorder recorder = new CycleRecorder("cycle-1",
            List.of(new PhasePlan(Phase.LIGHT, LIGHT), new PhasePlan(Phase.MEDIUM, MEDIUM)),
            new SafetyOverride(true, false, "api-key-0123456789ab (admin)"), 1_000);

    private static CycleEvent phaseStarted(long at, Phase phase, double target, int index) {
        return new CycleEvent(at, PhaseEventType.PHASE_STARTED, phase, target, null, new PhaseStartedDetails(Map.of(),
                10, 2, 1, target, 0, 100, ResourceWeights.CPU_ONLY, RampingStrategy.LINEAR, false, index, 2));
    }

    private static CycleEvent phaseEnded(long at, PhaseEventType type, Phase phase, double target, Double knee) {
        return new CycleEvent(at, type, phase, target, null, new PhaseEndedDetails(target, knee, false));
    }

    @Test
    void aNewReportIsRunningWithThePlanAsConfigured() {
        CycleRunReport report = recorder.report();

        assertThat(report.cycleId()).isEqualTo("cycle-1");
        assertThat(report.startedAtMs()).isEqualTo(1_000);
        assertThat(report.outcome()).isEqualTo("running");
        assertThat(report.overrideSafety()).isTrue();
        assertThat(report.overrideSafetyWatchdog()).isFalse();
        assertThat(report.overrideSafetyBy()).isEqualTo("api-key-0123456789ab (admin)");
        assertThat(report.plan()).extracting(CycleRunReport.PlannedPhase::phase).containsExactly("light", "medium");
        assertThat(report.plan().get(1).targetLoadPercent()).as("the target, not max_load, when one is given").isEqualTo(40);
        assertThat(report.plan().get(0).weights()).isEqualTo(new ResourceWeights(1, 0.5, 0, 0));
        assertThat(report.phases()).isEmpty();
    }

    @Test
    void eachPhaseKeepsItsTimestampsTargetAndOutcome() {
        recorder.record(new CycleEvent(1_000, PhaseEventType.CYCLE_STARTED, null, null, null,
                new CycleStartedDetails(List.of(Phase.LIGHT, Phase.MEDIUM), 23)));
        recorder.record(phaseStarted(1_000, Phase.LIGHT, 25, 0));
        recorder.record(new CycleEvent(3_000, PhaseEventType.HOLD_STARTED, Phase.LIGHT, 25.0, null, new HoldStartedDetails()));
        recorder.record(new CycleEvent(4_000, PhaseEventType.LOAD_ADJUSTED, Phase.LIGHT, 20.0, "operator",
                LoadAdjustedDetails.byOperator(25)));
        recorder.record(phaseEnded(13_000, PhaseEventType.PHASE_COMPLETED, Phase.LIGHT, 20, null));
        recorder.record(phaseStarted(13_000, Phase.MEDIUM, 40, 1));
        recorder.record(new CycleEvent(15_000, PhaseEventType.RAMP_DOWN_STARTED, Phase.MEDIUM, 40.0, "stop",
                new RampDownStartedDetails(33)));

        CycleRunReport.PhaseRun light = recorder.report().phases().get(0);
        assertThat(light.phase()).isEqualTo("light");
        assertThat(light.startedAtMs()).isEqualTo(1_000);
        assertThat(light.holdStartedAtMs()).isEqualTo(3_000);
        assertThat(light.endedAtMs()).isEqualTo(13_000);
        assertThat(light.durationSeconds()).isEqualTo(12.0);
        assertThat(light.targetLoadPercent()).as("the adjusted target").isEqualTo(20);
        assertThat(light.outcome()).isEqualTo("completed");
        CycleRunReport.PhaseRun medium = recorder.report().currentPhase();
        assertThat(medium.phase()).isEqualTo("medium");
        assertThat(medium.outcome()).isEqualTo("running");
        assertThat(medium.rampDownStartedAtMs()).isEqualTo(15_000);
        assertThat(medium.holdStartedAtMs()).isNull();
    }

    @Test
    void achievedLoadIsTheMeanOverTheHoldWhenThePhaseHeld() {
        recorder.record(phaseStarted(1_000, Phase.LIGHT, 25, 0));
        recorder.recordAchieved(5.0, Stage.RAMP_UP);
        recorder.recordAchieved(24.0, Stage.HOLD);
        recorder.recordAchieved(null, Stage.HOLD);
        recorder.recordAchieved(25.0, Stage.HOLD);
        recorder.recordAchieved(10.0, Stage.RAMP_DOWN);
        recorder.record(phaseEnded(13_000, PhaseEventType.PHASE_COMPLETED, Phase.LIGHT, 25, null));

        assertThat(recorder.report().phases().get(0).achievedLoadPercent()).isEqualTo(24.5);
    }

    @Test
    void achievedLoadIsTheMeanOverThePhaseWhenItNeverHeldAndEachPhaseStartsAfresh() {
        recorder.record(phaseStarted(1_000, Phase.LIGHT, 25, 0));
        recorder.recordAchieved(10.0, Stage.HOLD);
        recorder.record(phaseEnded(2_000, PhaseEventType.PHASE_COMPLETED, Phase.LIGHT, 25, null));
        recorder.record(phaseStarted(2_000, Phase.MEDIUM, 40, 1));
        recorder.recordAchieved(1.0, Stage.RAMP_UP);
        recorder.recordAchieved(2.0, Stage.RAMP_UP);
        recorder.recordAchieved(2.0, Stage.RAMP_UP);
        recorder.record(phaseEnded(3_000, PhaseEventType.PHASE_ABORTED, Phase.MEDIUM, 40, null));

        CycleRunReport.PhaseRun medium = recorder.report().phases().get(1);
        assertThat(medium.achievedLoadPercent()).isEqualTo(1.67);
        assertThat(medium.outcome()).isEqualTo("aborted");
    }

    @Test
    void nothingMeasuredLeavesTheAchievedLoadEmpty() {
        recorder.recordAchieved(30.0, Stage.HOLD);
        recorder.record(phaseStarted(1_000, Phase.LIGHT, 25, 0));
        recorder.record(phaseEnded(2_000, PhaseEventType.PHASE_COMPLETED, Phase.LIGHT, 25, 22.5));

        assertThat(recorder.report().phases().get(0).achievedLoadPercent()).isNull();
        assertThat(recorder.report().phases().get(0).kneeLoadPercent()).isEqualTo(22.5);
    }

    @Test
    void theCycleEndKeepsOutcomeCauseReasonAndKnee() {
        recorder.record(phaseStarted(1_000, Phase.LIGHT, 25, 0));
        recorder.record(new CycleEvent(4_500, PhaseEventType.CYCLE_ABORTED, Phase.LIGHT, null, "cpu too hot",
                new CycleEndedDetails(AbortedBy.SAFETY, true, true, 61.0)));

        CycleRunReport report = recorder.report();
        assertThat(report.outcome()).isEqualTo("aborted");
        assertThat(recorder.outcome()).isEqualTo("aborted");
        assertThat(report.abortedBy()).isEqualTo("safety");
        assertThat(report.reason()).isEqualTo("cpu too hot");
        assertThat(report.kneeLoadPercent()).isEqualTo(61.0);
        assertThat(report.endedAtMs()).isEqualTo(4_500);
        assertThat(report.durationSeconds()).isEqualTo(3.5);
    }

    @Test
    void aCompletedCycleHasNoAbortCause() {
        recorder.record(new CycleEvent(2_000, PhaseEventType.CYCLE_COMPLETED, null, null, null,
                new CycleEndedDetails(null, false, false, null)));

        assertThat(recorder.report().outcome()).isEqualTo("completed");
        assertThat(recorder.report().abortedBy()).isNull();
    }

    @Test
    void violationsAreKeptInOrder() {
        Violation first = violation("cpu-high");
        Violation second = violation("mem-high");
        recorder.recordViolation(first);
        recorder.recordViolation(second);

        assertThat(recorder.report().violations()).containsExactly(first, second);
    }

    private static Violation violation(String rule) {
        return new Violation(Versioned.SCHEMA_VERSION, "v-" + rule, 1_000, rule, "cpu_usage", 99.0, 95, Severity.CRITICAL,
                SafetyAction.WARN, "host-1", "cycle-1", null, "over");
    }
}
