package io.stressfw.orchestrator.adaptive;

import io.stressfw.plan.AdaptiveProfile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AdaptiveEngineTest {
    private static final AdaptiveProfile PROFILE = new AdaptiveProfile(0.5, 0.1, 0.3, 0.1);

    @Test
    void advancesWhileTheSystemKeepsUp() {
        AdaptiveEngine engine = new AdaptiveEngine(PROFILE, 0, 100, 10);
        AdaptiveStep step = engine.evaluate(SystemResponse.of(10, 10.0));
        assertThat(step.decision()).isEqualTo(AdaptiveDecision.ADVANCE);
        assertThat(step.nextLoad()).isCloseTo(20, within(1e-9));
    }

    @Test
    void advancesFasterAfterConsecutiveStableEvaluations() {
        AdaptiveEngine engine = new AdaptiveEngine(PROFILE, 0, 100, 0);
        double first = engine.evaluate(SystemResponse.of(0, 0.0)).nextLoad();
        double second = engine.evaluate(SystemResponse.of(first, first)).nextLoad() - first;
        double third = engine.evaluate(SystemResponse.of(first + second, first + second)).nextLoad() - (first + second);
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
    }

    @Test
    void holdsWhenTheSystemWobbles() {
        AdaptiveEngine engine = new AdaptiveEngine(PROFILE, 0, 100, 50);
        AdaptiveStep step = engine.evaluate(SystemResponse.of(50, 40.0));
        assertThat(step.decision()).isEqualTo(AdaptiveDecision.HOLD);
        assertThat(step.score()).isCloseTo(0.2, within(1e-9));
        assertThat(step.nextLoad()).isEqualTo(50);
    }

    @Test
    void backsOffWhenAchievedLoadFallsFarBehind() {
        AdaptiveEngine engine = new AdaptiveEngine(PROFILE, 0, 100, 60);
        AdaptiveStep step = engine.evaluate(SystemResponse.of(60, 30.0));
        assertThat(step.decision()).isEqualTo(AdaptiveDecision.BACK_OFF);
        assertThat(step.nextLoad()).isCloseTo(40, within(1e-9));
    }

    @Test
    void backsOffOnProbeErrorsOrLatencyGrowth() {
        AdaptiveEngine engine = new AdaptiveEngine(PROFILE, 0, 100, 50);
        assertThat(engine.evaluate(new SystemResponse(50, null, null, 20.0, 0.0)).decision()).isEqualTo(AdaptiveDecision.ADVANCE);
        assertThat(engine.evaluate(new SystemResponse(60, null, null, 20.0, 0.5)).decision()).isEqualTo(AdaptiveDecision.BACK_OFF);
        AdaptiveEngine slow = new AdaptiveEngine(PROFILE, 0, 100, 50);
        slow.evaluate(new SystemResponse(50, null, null, 20.0, 0.0));
        assertThat(slow.evaluate(new SystemResponse(60, null, null, 40.0, 0.0)).decision()).isEqualTo(AdaptiveDecision.BACK_OFF);
    }

    @Test
    void withoutAnyMeasuredResponseTheLoadHoldsAndNoKneeIsClaimed() {
        AdaptiveEngine engine = new AdaptiveEngine(PROFILE, 50, 75, 50);
        for (int i = 0; i < 10; i++) {
            AdaptiveStep step = engine.evaluate(new SystemResponse(50, null, 40.0, null, null));
            assertThat(step.decision()).isEqualTo(AdaptiveDecision.NO_DATA);
            assertThat(step.nextLoad()).isEqualTo(50);
        }
        assertThat(engine.kneeLoadPercent()).isNull();
        assertThat(engine.evaluate(SystemResponse.of(50, 50.0)).decision()).isEqualTo(AdaptiveDecision.ADVANCE);
        assertThat(engine.kneeLoadPercent()).isEqualTo(50);
    }

    @Test
    void backsOffUnderHostMemoryPressure() {
        AdaptiveEngine engine = new AdaptiveEngine(PROFILE, 0, 100, 50);
        assertThat(engine.evaluate(new SystemResponse(50, 50.0, 99.0, null, null)).decision()).isEqualTo(AdaptiveDecision.BACK_OFF);
    }

    @Test
    void kneeIsTheHighestLoadHeldStably() {
        AdaptiveEngine engine = new AdaptiveEngine(PROFILE, 0, 100, 0);
        // A synthetic system that keeps up to 45% and then falls behind.
        for (int i = 0; i < 30; i++) {
            double target = engine.load();
            double achieved = Math.min(target, 45);
            engine.evaluate(SystemResponse.of(target, achieved));
        }
        assertThat(engine.kneeLoadPercent()).isNotNull().isLessThanOrEqualTo(45 / 0.9).isGreaterThan(35);
        assertThat(engine.load()).isLessThan(60);
    }

    @Test
    void noKneeBeforeAnyStableEvaluation() {
        AdaptiveEngine engine = new AdaptiveEngine(PROFILE, 0, 100, 50);
        engine.evaluate(SystemResponse.of(50, 0.0));
        assertThat(engine.kneeLoadPercent()).isNull();
    }

    @Test
    void loadStaysInsideTheBand() {
        AdaptiveEngine engine = new AdaptiveEngine(PROFILE, 20, 30, 5);
        assertThat(engine.load()).isEqualTo(20);
        for (int i = 0; i < 20; i++) {
            engine.evaluate(SystemResponse.of(engine.load(), engine.load()));
        }
        assertThat(engine.load()).isEqualTo(30);
        for (int i = 0; i < 20; i++) {
            engine.evaluate(SystemResponse.of(engine.load(), 0.0));
        }
        assertThat(engine.load()).isEqualTo(20);
    }

    @Test
    void afterABackOffLaterStepsAreSmaller() {
        AdaptiveEngine engine = new AdaptiveEngine(PROFILE, 0, 100, 50);
        double firstStep = engine.evaluate(SystemResponse.of(50, 50.0)).nextLoad() - 50;
        engine.evaluate(SystemResponse.of(engine.load(), 0.0));
        double before = engine.load();
        double laterStep = engine.evaluate(SystemResponse.of(before, before)).nextLoad() - before;
        assertThat(laterStep).isLessThan(firstStep);
    }

    @Test
    void profileRefusesInconsistentThresholds() {
        assertThatThrownBy(() -> new AdaptiveProfile(0.5, 0.3, 0.3, 0.1)).hasMessageContaining("stability_threshold");
        assertThatThrownBy(() -> new AdaptiveProfile(1.5, 0.1, 0.3, 0.1)).hasMessageContaining("aggressiveness");
        assertThatThrownBy(() -> new AdaptiveProfile(0.5, 0.1, 0.3, 0)).hasMessageContaining("adaptation_rate");
    }

    @Test
    void engineRefusesBadBandsAndResponses() {
        assertThatThrownBy(() -> new AdaptiveEngine(PROFILE, 50, 40, 45)).hasMessageContaining("band");
        assertThatThrownBy(() -> SystemResponse.of(120, null)).hasMessageContaining("target_percent");
        assertThatThrownBy(() -> new SystemResponse(50, null, null, null, 2.0)).hasMessageContaining("probe_error_rate");
    }
}
