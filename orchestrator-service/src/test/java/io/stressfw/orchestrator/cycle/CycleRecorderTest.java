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
import io.stressfw.model.ThresholdSpec;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.plan.PhaseSpec;
import io.stressfw.orchestrator.history.CycleRunReport;
import io.stressfw.orchestrator.history.HostMetricSummary;
import io.stressfw.orchestrator.history.PhaseRunReport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CycleRecorderTest {
    private static final PhaseSpec LIGHT = PhaseSpec.builder().minLoad(10).maxLoad(25).durationSeconds(10)
            .rampUpSeconds(2).rampDownSeconds(1).cpuWeight(1).memoryWeight(0.5)
            .safetyThresholds(Map.of("cpu_usage", ThresholdSpec.above(95))).build();
    private static final PhaseSpec MEDIUM = PhaseSpec.builder().minLoad(25).maxLoad(50).targetLoad(40.0)
            .durationSeconds(10).cpuWeight(1).build();

    private final CycleRecorder recorder = new CycleRecorder("cycle-1",
            List.of(new PhasePlan(Phase.LIGHT, LIGHT), new PhasePlan(Phase.MEDIUM, MEDIUM)),
            new SafetyOverride(true, false, "api-key-0123456789ab (admin)"), 1_000, ResourceTolerances.DEFAULT);

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

        PhaseRunReport light = recorder.report().phases().get(0);
        assertThat(light.phase()).isEqualTo("light");
        assertThat(light.startedAtMs()).isEqualTo(1_000);
        assertThat(light.holdStartedAtMs()).isEqualTo(3_000);
        assertThat(light.endedAtMs()).isEqualTo(13_000);
        assertThat(light.durationSeconds()).isEqualTo(12.0);
        assertThat(light.targetLoadPercent()).as("the adjusted target").isEqualTo(20);
        assertThat(light.outcome()).isEqualTo("completed");
        PhaseRunReport medium = recorder.report().currentPhase();
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

        PhaseRunReport medium = recorder.report().phases().get(1);
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

    private static final ResourceWeights LIGHT_WEIGHTS = new ResourceWeights(1, 0.5, 0, 0);

    private void holdLight(double... cpuAchieved) {
        double[] memory = new double[cpuAchieved.length];
        java.util.Arrays.fill(memory, 12.0);
        holdLight(cpuAchieved, memory);
    }

    /** LIGHT at 25 % held for one tick per reading, 100 ms apart from 3 s on. */
    private void holdLight(double[] cpuAchieved, double[] memoryAchieved) {
        recorder.record(phaseStarted(1_000, Phase.LIGHT, 25, 0));
        recorder.recordResources(2_000, Stage.RAMP_UP, 10, LIGHT_WEIGHTS, Map.of("cpu", 0.0, "memory", 0.0));
        recorder.record(new CycleEvent(3_000, PhaseEventType.HOLD_STARTED, Phase.LIGHT, 25.0, null, new HoldStartedDetails()));
        for (int i = 0; i < cpuAchieved.length; i++) {
            Map<String, Double> achieved = new java.util.HashMap<>();
            achieved.put("cpu", Double.isNaN(cpuAchieved[i]) ? null : cpuAchieved[i]);
            achieved.put("memory", memoryAchieved[i]);
            recorder.recordResources(3_000 + i * 100L, Stage.HOLD, 25, LIGHT_WEIGHTS, achieved);
        }
        recorder.record(phaseEnded(13_000, PhaseEventType.PHASE_COMPLETED, Phase.LIGHT, 25, null));
    }

    @Test
    void aPhaseWhoseResourcesHeldWithinTheirToleranceCompletes() {
        holdLight(23, 24, 22);

        PhaseRunReport light = recorder.report().phases().get(0);
        assertThat(light.outcome()).isEqualTo("completed");
        assertThat(light.verdictReason()).isNull();
        assertThat(light.resources()).containsOnlyKeys("cpu", "memory");
        assertThat(light.resources().get("cpu")).satisfies(cpu -> {
            assertThat(cpu.targetPercent()).as("the ramp-up does not count").isEqualTo(25);
            assertThat(cpu.achievedPercent()).isEqualTo(23);
            assertThat(cpu.tolerancePoints()).isEqualTo(5);
            assertThat(cpu.verdict()).isEqualTo("met");
        });
        assertThat(light.resources().get("memory").targetPercent()).isEqualTo(12.5);
        assertThat(light.resources().get("memory").verdict()).isEqualTo("met");
    }

    @Test
    void aPhaseShortOfItsCpuTargetIsUnderTargetAndSoIsTheCycle() {
        holdLight(18, 19, 17);
        recorder.record(new CycleEvent(14_000, PhaseEventType.CYCLE_COMPLETED, null, null, null,
                new CycleEndedDetails(null, false, false, null)));

        PhaseRunReport light = recorder.report().phases().get(0);
        assertThat(light.outcome()).isEqualTo("under_target");
        assertThat(light.resources().get("cpu").verdict()).isEqualTo("under_target");
        assertThat(light.verdictReason()).isEqualTo("cpu achieved 18 % against a target of 25 % (tolerance 5 points)");
        assertThat(recorder.outcome()).isEqualTo("under_target");
        assertThat(recorder.report().verdictReason()).isEqualTo("phase light: " + light.verdictReason());
    }

    @Test
    void aResourceThatLagsItsRampIsJudgedFromTheTickItReachedItsTarget() {
        holdLight(new double[] {25, 25, 25, 25, 25, 25, 25, 25, 25, 25},
                new double[] {0, 0, 0, 0, 8, 12, 12.5, 12, 12.5, 12});

        PhaseRunReport light = recorder.report().phases().get(0);
        assertThat(light.resources().get("memory")).satisfies(memory -> {
            assertThat(memory.verdict()).as("over the whole hold it would be 8.1 %: under target").isEqualTo("met");
            assertThat(memory.reachedAfterSeconds()).as("8 % is within 5 points of 12.5 %").isEqualTo(0.4);
            assertThat(memory.holdSeconds()).isEqualTo(0.9);
            assertThat(memory.achievedPercent()).as("the readings before it got there do not count").isEqualTo(11.5);
        });
        assertThat(light.resources().get("cpu").reachedAfterSeconds()).isEqualTo(0.0);
        assertThat(light.outcome()).isEqualTo("completed");
    }

    @Test
    void aResourceThatReachesItsTargetOnlyInTheSecondHalfOfTheHoldDidNotHoldIt() {
        holdLight(new double[] {25, 25, 25, 25, 25, 25, 25, 25},
                new double[] {1, 1, 1, 2, 4, 6, 12, 12.5});

        PhaseRunReport light = recorder.report().phases().get(0);
        assertThat(light.resources().get("memory").verdict()).isEqualTo("under_target");
        assertThat(light.resources().get("memory").achievedPercent()).as("over the whole hold").isEqualTo(4.94);
        assertThat(light.resources().get("memory").reachedAfterSeconds()).isEqualTo(0.6);
        assertThat(light.outcome()).isEqualTo("under_target");
        assertThat(light.verdictReason())
                .isEqualTo("memory came within 5 points of its target of 12.5 % only 0.6 s into a hold of 0.7 s");
    }

    @Test
    void theVerdictAndItsReasonAgreeOnLateAtTheBoundaryOfTheShownTenths() {
        recorder.record(phaseStarted(1_000, Phase.LIGHT, 25, 0));
        recorder.record(new CycleEvent(3_000, PhaseEventType.HOLD_STARTED, Phase.LIGHT, 25.0, null, new HoldStartedDetails()));
        recorder.recordResources(3_000, Stage.HOLD, 25, LIGHT_WEIGHTS, Map.of("cpu", 25.0, "memory", 1.0));
        recorder.recordResources(3_460, Stage.HOLD, 25, LIGHT_WEIGHTS, Map.of("cpu", 25.0, "memory", 12.0));
        recorder.recordResources(3_940, Stage.HOLD, 25, LIGHT_WEIGHTS, Map.of("cpu", 25.0, "memory", 12.0));
        recorder.record(phaseEnded(4_000, PhaseEventType.PHASE_COMPLETED, Phase.LIGHT, 25, null));

        PhaseRunReport light = recorder.report().phases().get(0);
        assertThat(light.resources().get("memory")).satisfies(memory -> {
            assertThat(memory.reachedAfterSeconds()).as("0.46 s shown as 0.5").isEqualTo(0.5);
            assertThat(memory.holdSeconds()).as("0.94 s shown as 0.9").isEqualTo(0.9);
            assertThat(memory.verdict()).isEqualTo("under_target");
            assertThat(memory.achievedPercent()).as("late: over the whole hold").isEqualTo(8.33);
        });
        assertThat(light.verdictReason()).isEqualTo("memory came within 5 points of its target of 12.5 % only 0.5 s into "
                + "a hold of 0.9 s");
    }

    @Test
    void aResourceThatNeverReachesItsTargetIsJudgedOnTheWholeHold() {
        holdLight(new double[] {25, 25, 25, 25}, new double[] {1, 3, 5, 7});

        PhaseRunReport light = recorder.report().phases().get(0);
        assertThat(light.resources().get("memory").reachedAfterSeconds()).isNull();
        assertThat(light.resources().get("memory").achievedPercent()).isEqualTo(4);
        assertThat(light.verdictReason()).isEqualTo("memory achieved 4 % against a target of 12.5 % (tolerance 5 points)");
    }

    @Test
    void aResourceNoAgentReportedFailsThePhase() {
        holdLight(Double.NaN, Double.NaN);

        PhaseRunReport light = recorder.report().phases().get(0);
        assertThat(light.resources().get("cpu").verdict()).isEqualTo("no_data");
        assertThat(light.resources().get("cpu").achievedPercent()).isNull();
        assertThat(light.outcome()).isEqualTo("under_target");
        assertThat(light.verdictReason()).isEqualTo("cpu not reported by any agent during the hold");
    }

    @Test
    void loadAboveTheTargetIsShownButIsNoFailure() {
        holdLight(40, 41);

        PhaseRunReport light = recorder.report().phases().get(0);
        assertThat(light.resources().get("cpu").verdict()).isEqualTo("over_target");
        assertThat(light.outcome()).isEqualTo("completed");
    }

    @Test
    void anAbortedPhaseStaysAbortedWhateverItAchieved() {
        recorder.record(phaseStarted(1_000, Phase.LIGHT, 25, 0));
        recorder.record(new CycleEvent(3_000, PhaseEventType.HOLD_STARTED, Phase.LIGHT, 25.0, null, new HoldStartedDetails()));
        recorder.recordResources(3_500, Stage.HOLD, 25, LIGHT_WEIGHTS, Map.of("cpu", 1.0, "memory", 1.0));
        recorder.record(phaseEnded(4_000, PhaseEventType.PHASE_ABORTED, Phase.LIGHT, 25, null));

        assertThat(recorder.report().phases().get(0).outcome()).isEqualTo("aborted");
        assertThat(recorder.report().phases().get(0).resources().get("cpu").verdict()).isEqualTo("under_target");
    }

    @Test
    void idlesHoldIsTheBaselineThatEveryLaterPhasesHostMetricsAreShownAgainst() {
        PhaseSpec idle = PhaseSpec.builder().minLoad(0).maxLoad(5).durationSeconds(5).cpuWeight(1).build();
        CycleRecorder cycle = new CycleRecorder("cycle-2", List.of(new PhasePlan(Phase.IDLE, idle),
                new PhasePlan(Phase.LIGHT, LIGHT)), SafetyOverride.NONE, 1_000, ResourceTolerances.DEFAULT);
        cycle.record(phaseStarted(1_000, Phase.IDLE, 5, 0));
        cycle.recordHostSample("h1", 1_100, Map.of("cpu_usage", 90.0), Stage.RAMP_UP);
        cycle.record(new CycleEvent(2_000, PhaseEventType.HOLD_STARTED, Phase.IDLE, 5.0, null, new HoldStartedDetails()));
        cycle.recordHostSample("h1", 2_100, Map.of("cpu_usage", 10.0), Stage.HOLD);
        cycle.recordHostSample("h1", 2_100, Map.of("cpu_usage", 10.0), Stage.HOLD);
        cycle.recordHostSample("h1", 2_200, Map.of("cpu_usage", 12.0), Stage.HOLD);
        cycle.record(phaseEnded(7_000, PhaseEventType.PHASE_COMPLETED, Phase.IDLE, 5, null));
        cycle.record(phaseStarted(7_000, Phase.LIGHT, 25, 1));
        cycle.record(new CycleEvent(9_000, PhaseEventType.HOLD_STARTED, Phase.LIGHT, 25.0, null, new HoldStartedDetails()));
        for (int i = 1; i <= 20; i++) {
            cycle.recordHostSample("h1", 9_000 + i * 100, Map.of("cpu_usage", 20.0 + i), Stage.HOLD);
        }
        cycle.record(phaseEnded(19_000, PhaseEventType.PHASE_COMPLETED, Phase.LIGHT, 25, null));

        CycleRunReport report = cycle.report();
        assertThat(report.baseline()).isEqualTo(Map.of("h1", Map.of("cpu_usage", 11.0)));
        HostMetricSummary idleCpu = report.phases().get(0).hostMetrics().get("h1").get("cpu_usage");
        assertThat(idleCpu.samples()).as("the same sample seen at two ticks counts once").isEqualTo(2);
        assertThat(idleCpu.baselineMean()).isNull();
        HostMetricSummary lightCpu = report.phases().get(1).hostMetrics().get("h1").get("cpu_usage");
        assertThat(lightCpu.samples()).isEqualTo(20);
        assertThat(lightCpu.mean()).isEqualTo(30.5);
        assertThat(lightCpu.p95()).isEqualTo(39);
        assertThat(lightCpu.max()).isEqualTo(40);
        assertThat(lightCpu.baselineMean()).isEqualTo(11);
        assertThat(lightCpu.overBaseline()).isEqualTo(19.5);
    }

    @Test
    void anAdaptivePhaseThatFoundNoKneeSaysSo() {
        PhaseSpec heavy = PhaseSpec.builder().minLoad(50).maxLoad(75).durationSeconds(5).cpuWeight(1)
                .adaptiveEnabled(true).build();
        CycleRecorder cycle = new CycleRecorder("cycle-3", List.of(new PhasePlan(Phase.HEAVY, heavy)), SafetyOverride.NONE, 1_000,
                ResourceTolerances.DEFAULT);
        cycle.record(phaseStarted(1_000, Phase.HEAVY, 50, 0));
        cycle.record(phaseEnded(6_000, PhaseEventType.PHASE_COMPLETED, Phase.HEAVY, 50, null));

        assertThat(cycle.report().phases().get(0).kneeNote()).startsWith("no knee found");
        assertThat(recorder.report().phases()).isEmpty();
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
