package io.stressfw.orchestrator.cycle;

import io.stressfw.model.AbortedBy;
import io.stressfw.model.CycleEndedDetails;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.PhaseStartedDetails;
import io.stressfw.plan.AdaptiveProfile;
import io.stressfw.plan.PhaseSpec;
import io.stressfw.model.RampingStrategy;
import io.stressfw.model.ThresholdSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CycleEngineTest {
    private final MutableClock clock = new MutableClock(1_000_000);

    private static PhaseSpec spec(double min, double max, double duration, double rampUp, double rampDown,
                                  RampingStrategy strategy, boolean adaptive) {
        return PhaseSpec.builder().minLoad(min).maxLoad(max).durationSeconds(duration).rampUpSeconds(rampUp)
                .rampDownSeconds(rampDown).cpuWeight(1).memoryWeight(0.5).safetyThresholds(Map.of("cpu_usage", ThresholdSpec.above(90)))
                .adaptiveEnabled(adaptive).rampingStrategy(strategy).build();
    }

    private CycleEngine engine(List<PhasePlan> plan) {
        return new CycleEngine("c1", plan, AdaptiveProfile.DEFAULT, clock, 1000, 0);
    }

    private static List<PhaseEventType> types(List<CycleEvent> events) {
        return events.stream().map(CycleEvent::type).toList();
    }

    private List<CycleEvent> run(CycleEngine engine, long totalMs, long stepMs, List<Double> loads) {
        List<CycleEvent> all = new ArrayList<>();
        for (long t = 0; t < totalMs; t += stepMs) {
            clock.advance(stepMs);
            all.addAll(engine.tick(Observation.NONE));
            loads.add(engine.load());
        }
        return all;
    }

    @Test
    void runsPhasesInOrderRampingHoldingAndRampingDownAtTheEnd() {
        CycleEngine engine = engine(List.of(
                new PhasePlan(Phase.LIGHT, spec(10, 25, 2, 1, 1, RampingStrategy.LINEAR, false)),
                new PhasePlan(Phase.MEDIUM, spec(25, 50, 2, 1, 1, RampingStrategy.LINEAR, false))));
        List<CycleEvent> events = new ArrayList<>(engine.start());
        List<Double> loads = new ArrayList<>();
        events.addAll(run(engine, 8_000, 100, loads));
        assertThat(types(events)).containsExactly(
                PhaseEventType.CYCLE_STARTED, PhaseEventType.PHASE_STARTED, PhaseEventType.HOLD_STARTED,
                PhaseEventType.PHASE_COMPLETED, PhaseEventType.PHASE_STARTED, PhaseEventType.HOLD_STARTED,
                PhaseEventType.RAMP_DOWN_STARTED, PhaseEventType.PHASE_COMPLETED, PhaseEventType.CYCLE_COMPLETED);
        assertThat(engine.state()).isEqualTo(CycleState.COMPLETED);
        assertThat(loads.get(4)).isCloseTo(12.5, within(1e-9));
        assertThat(loads.get(15)).isEqualTo(25);
        assertThat(loads.get(34)).isCloseTo(37.5, within(1e-9));
        assertThat(loads.get(50)).isEqualTo(50);
        assertThat(loads.get(loads.size() - 1)).isZero();
        assertThat(events.get(4).phase()).isEqualTo(Phase.MEDIUM);
        assertThat(events.get(4).timestampMs()).isEqualTo(1_000_000 + 3_000);
    }

    @Test
    void phaseStartedCarriesThePlannedFacts() {
        CycleEngine engine = engine(List.of(new PhasePlan(Phase.LIGHT, spec(10, 25, 2, 1, 3, RampingStrategy.STEP, false))));
        CycleEvent started = engine.start().get(1);
        assertThat(started.type()).isEqualTo(PhaseEventType.PHASE_STARTED);
        PhaseStartedDetails details = started.details(PhaseStartedDetails.class);
        assertThat(details.plannedDurationSeconds()).isEqualTo(2.0);
        assertThat(details.plannedRampUpSeconds()).isEqualTo(1.0);
        assertThat(details.plannedRampDownSeconds()).isEqualTo(3.0);
        assertThat(details.targetLoadPercent()).isEqualTo(25.0);
        assertThat(details.safetyThresholds()).isEqualTo(Map.of("cpu_usage", ThresholdSpec.above(90)));
        assertThat(details.weights()).isNotNull();
    }

    @Test
    void gracefulStopRampsDownFromTheCurrentLoadAndEndsAborted() {
        CycleEngine engine = engine(List.of(new PhasePlan(Phase.MEDIUM, spec(25, 50, 10, 1, 2, RampingStrategy.LINEAR, false))));
        engine.start();
        clock.advance(2_000);
        engine.tick(Observation.NONE);
        assertThat(engine.load()).isEqualTo(50);
        assertThat(types(engine.stop(AbortedBy.OPERATOR, "enough"))).containsExactly(PhaseEventType.RAMP_DOWN_STARTED);
        clock.advance(1_000);
        engine.tick(Observation.NONE);
        assertThat(engine.load()).isCloseTo(25, within(1e-9));
        clock.advance(1_000);
        List<CycleEvent> end = engine.tick(Observation.NONE);
        assertThat(types(end)).containsExactly(PhaseEventType.PHASE_ABORTED, PhaseEventType.CYCLE_ABORTED);
        assertThat(end.get(1).details(CycleEndedDetails.class).abortedBy()).isEqualTo(AbortedBy.OPERATOR);
        assertThat(engine.load()).isZero();
    }

    @Test
    void emergencyStopZeroesTheLoadAtOnce() {
        CycleEngine engine = engine(List.of(new PhasePlan(Phase.HEAVY, spec(50, 75, 10, 1, 5, RampingStrategy.LINEAR, false))));
        engine.start();
        clock.advance(3_000);
        engine.tick(Observation.NONE);
        List<CycleEvent> events = engine.emergencyStop(AbortedBy.SAFETY, "cpu too hot");
        assertThat(types(events)).containsExactly(PhaseEventType.PHASE_ABORTED, PhaseEventType.CYCLE_ABORTED);
        assertThat(events.get(1).details(CycleEndedDetails.class).abortedBy()).isEqualTo(AbortedBy.SAFETY);
        assertThat(engine.load()).isZero();
        assertThat(engine.finished()).isTrue();
        clock.advance(1_000);
        assertThat(engine.tick(Observation.NONE)).isEmpty();
    }

    @Test
    void throttleStepsBackBelowTheCurrentLoad() {
        CycleEngine engine = engine(List.of(new PhasePlan(Phase.HEAVY, spec(50, 75, 10, 1, 5, RampingStrategy.LINEAR, false))));
        engine.start();
        clock.advance(2_000);
        engine.tick(Observation.NONE);
        List<CycleEvent> events = engine.throttle(10, "cpu high");
        assertThat(types(events)).containsExactly(PhaseEventType.LOAD_ADJUSTED);
        assertThat(engine.load()).isEqualTo(65);
        clock.advance(1_000);
        engine.tick(Observation.NONE);
        assertThat(engine.load()).isEqualTo(65);
    }

    @Test
    void operatorAdjustOverridesTheTargetOfTheRunningPhase() {
        CycleEngine engine = engine(List.of(new PhasePlan(Phase.MEDIUM, spec(25, 50, 10, 1, 1, RampingStrategy.LINEAR, false))));
        engine.start();
        clock.advance(2_000);
        engine.tick(Observation.NONE);
        engine.adjust(Phase.MEDIUM, 60);
        clock.advance(100);
        engine.tick(Observation.NONE);
        assertThat(engine.load()).isEqualTo(60);
        assertThatThrownBy(() -> engine.adjust(Phase.CHAOS, 60)).hasMessageContaining("not ahead");
        assertThatThrownBy(() -> engine.adjust(Phase.MEDIUM, 101)).hasMessageContaining("between 0 and 100");
    }

    @Test
    void adjustDuringRampUpRetargetsTheRemainingRamp() {
        CycleEngine engine = engine(List.of(new PhasePlan(Phase.MEDIUM, spec(25, 50, 10, 2, 1, RampingStrategy.LINEAR, false))));
        engine.start();
        clock.advance(1_000);
        engine.tick(Observation.NONE);
        assertThat(engine.load()).isCloseTo(25, within(1e-9));
        engine.adjust(Phase.MEDIUM, 35);
        clock.advance(500);
        engine.tick(Observation.NONE);
        assertThat(engine.load()).isCloseTo(30, within(1e-9));
        clock.advance(500);
        engine.tick(Observation.NONE);
        assertThat(engine.load()).isEqualTo(35);
    }

    @Test
    void adaptivePhaseClimbsWhileStableBacksOffWhenDegradedAndReportsTheKnee() {
        CycleEngine engine = engine(List.of(new PhasePlan(Phase.HEAVY, spec(50, 100, 30, 0, 1, RampingStrategy.ADAPTIVE, true))));
        engine.start();
        List<CycleEvent> events = new ArrayList<>();
        // The system absorbs up to 70% load; above that it collapses.
        for (int i = 0; i < 320; i++) {
            clock.advance(100);
            double load = engine.load();
            double achieved = load <= 70 ? load : Math.max(0, 70 - 10 * (load - 70));
            events.addAll(engine.tick(new Observation(achieved, null, null, null)));
        }
        assertThat(types(events)).contains(PhaseEventType.LOAD_ADJUSTED, PhaseEventType.CYCLE_COMPLETED);
        CycleEvent completed = events.get(events.size() - 1);
        assertThat(completed.details(CycleEndedDetails.class).kneeLoadPercent()).isInstanceOf(Double.class);
        assertThat(completed.details(CycleEndedDetails.class).kneeLoadPercent()).isBetween(60.0, 70.0 / 0.9);
    }

    @Test
    void anAdaptiveClimbIsJudgedOnTheLastHalfIntervalOfReadingsNotOnTheOneAtTheEvaluation() {
        CycleEngine engine = engine(List.of(new PhasePlan(Phase.HEAVY, spec(10, 85, 20, 0, 1, RampingStrategy.ADAPTIVE, true))));
        long started = clock.millis();
        engine.start();
        List<CycleEvent> events = new ArrayList<>();
        List<Double> loads = new ArrayList<>();
        // The hosts keep up, but the reading that lands on each evaluation (every 1000 ms) is a dip to half the load,
        // as one 100 ms host reading on a busy host can be; the four before it read a little over the target.
        for (int i = 0; i < 220; i++) {
            clock.advance(100);
            double load = engine.load();
            boolean onEvaluation = (clock.millis() - started) % 1000 == 0;
            events.addAll(engine.tick(new Observation(onEvaluation ? load / 2 : load + 5, null, null, null)));
            loads.add(engine.load());
        }
        assertThat(types(events)).doesNotContain(PhaseEventType.LOAD_ADJUSTED).contains(PhaseEventType.CYCLE_COMPLETED);
        assertThat(loads).contains(85.0);
        assertThat(events.get(events.size() - 1).details(CycleEndedDetails.class).kneeLoadPercent()).isEqualTo(85.0);
    }

    @Test
    void anAdaptivePhaseWithoutMeasurementsHoldsAtTheBottomOfItsBandAndFindsNoKnee() {
        CycleEngine engine = engine(List.of(new PhasePlan(Phase.HEAVY, spec(50, 100, 10, 0, 1, RampingStrategy.ADAPTIVE, true))));
        engine.start();
        List<CycleEvent> events = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            clock.advance(100);
            events.addAll(engine.tick(Observation.NONE));
            assertThat(engine.load()).isLessThanOrEqualTo(50);
        }
        CycleEvent completed = events.get(events.size() - 1);
        assertThat(completed.type()).isEqualTo(PhaseEventType.CYCLE_COMPLETED);
        assertThat(completed.details(CycleEndedDetails.class).kneeLoadPercent()).isNull();
    }

    @Test
    void snapshotReportsProgressAndRemainingTime() {
        CycleEngine engine = engine(List.of(new PhasePlan(Phase.LIGHT, spec(10, 25, 8, 1, 1, RampingStrategy.LINEAR, false))));
        engine.start();
        clock.advance(5_000);
        engine.tick(Observation.NONE);
        EngineSnapshot s = engine.snapshot();
        assertThat(s.phaseProgress()).isCloseTo(0.5, within(1e-9));
        assertThat(s.phaseRemainingSeconds()).isCloseTo(5, within(1e-9));
        assertThat(s.stage()).isEqualTo(Stage.HOLD);
    }

    @Test
    void aLongTickGapStillEmitsEveryTransitionInOrder() {
        CycleEngine engine = engine(List.of(
                new PhasePlan(Phase.IDLE, spec(0, 5, 1, 1, 1, RampingStrategy.LINEAR, false)),
                new PhasePlan(Phase.LIGHT, spec(10, 25, 1, 1, 1, RampingStrategy.EXPONENTIAL, false))));
        engine.start();
        clock.advance(60_000);
        assertThat(types(engine.tick(Observation.NONE))).containsExactly(PhaseEventType.HOLD_STARTED,
                PhaseEventType.PHASE_COMPLETED, PhaseEventType.PHASE_STARTED, PhaseEventType.HOLD_STARTED,
                PhaseEventType.RAMP_DOWN_STARTED, PhaseEventType.PHASE_COMPLETED, PhaseEventType.CYCLE_COMPLETED);
    }

    @Test
    void refusesAnEmptyPlanAndBadSettings() {
        assertThatThrownBy(() -> engine(List.of())).hasMessageContaining("at least one phase");
        assertThatThrownBy(() -> new CycleEngine("c", List.of(new PhasePlan(Phase.IDLE,
                spec(0, 5, 1, 1, 1, RampingStrategy.LINEAR, false))), AdaptiveProfile.DEFAULT, clock, 0, 0))
                .hasMessageContaining("evaluation interval");
    }
}
