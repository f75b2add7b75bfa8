package io.stressfw.orchestrator.ramping;

import io.stressfw.model.RampingStrategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RampCurveTest {

    @Test
    void linearMovesProportionallyToTime() {
        assertThat(RampCurve.load(RampingStrategy.LINEAR, 10, 50, 0)).isEqualTo(10);
        assertThat(RampCurve.load(RampingStrategy.LINEAR, 10, 50, 0.25)).isCloseTo(20, within(1e-9));
        assertThat(RampCurve.load(RampingStrategy.LINEAR, 10, 50, 1)).isEqualTo(50);
    }

    @Test
    void exponentialStartsSlowAndEndsAtTheTarget() {
        double half = RampCurve.load(RampingStrategy.EXPONENTIAL, 0, 100, 0.5);
        assertThat(half).isLessThan(50).isGreaterThan(0);
        assertThat(RampCurve.load(RampingStrategy.EXPONENTIAL, 0, 100, 0.9))
                .isGreaterThan(RampCurve.load(RampingStrategy.LINEAR, 0, 100, 0.9) - 40);
        assertThat(RampCurve.load(RampingStrategy.EXPONENTIAL, 0, 100, 1)).isCloseTo(100, within(1e-9));
    }

    @Test
    void exponentialIsMonotonic() {
        double previous = -1;
        for (int i = 0; i <= 100; i++) {
            double load = RampCurve.load(RampingStrategy.EXPONENTIAL, 20, 80, i / 100.0);
            assertThat(load).isGreaterThanOrEqualTo(previous);
            previous = load;
        }
    }

    @Test
    void stepHoldsPlateausAndReachesTheTargetAtTheEnd() {
        assertThat(RampCurve.load(RampingStrategy.STEP, 0, 80, 0.1, 4)).isEqualTo(0);
        assertThat(RampCurve.load(RampingStrategy.STEP, 0, 80, 0.3, 4)).isEqualTo(20);
        assertThat(RampCurve.load(RampingStrategy.STEP, 0, 80, 0.49, 4)).isEqualTo(20);
        assertThat(RampCurve.load(RampingStrategy.STEP, 0, 80, 0.5, 4)).isEqualTo(40);
        assertThat(RampCurve.load(RampingStrategy.STEP, 0, 80, 1, 4)).isEqualTo(80);
    }

    @Test
    void rampsDownAsWellAsUp() {
        assertThat(RampCurve.load(RampingStrategy.LINEAR, 60, 0, 0.5)).isCloseTo(30, within(1e-9));
        assertThat(RampCurve.load(RampingStrategy.STEP, 60, 0, 0.5, 2)).isCloseTo(30, within(1e-9));
        assertThat(RampCurve.load(RampingStrategy.STEP, 60, 0, 0.4, 2)).isCloseTo(60, within(1e-9));
        assertThat(RampCurve.load(RampingStrategy.EXPONENTIAL, 60, 0, 1)).isCloseTo(0, within(1e-9));
    }

    @Test
    void adaptiveFallsBackToLinearWhereAPlainCurveIsNeeded() {
        assertThat(RampCurve.load(RampingStrategy.ADAPTIVE, 0, 40, 0.5)).isCloseTo(20, within(1e-9));
    }

    @Test
    void fractionOutsideTheRampIsClamped() {
        assertThat(RampCurve.load(RampingStrategy.LINEAR, 10, 50, -1)).isEqualTo(10);
        assertThat(RampCurve.load(RampingStrategy.LINEAR, 10, 50, 7)).isEqualTo(50);
    }

    @Test
    void refusesLoadsOutsideZeroToHundredAndNaN() {
        assertThatThrownBy(() -> RampCurve.load(RampingStrategy.LINEAR, -1, 50, 0.5)).hasMessageContaining("from");
        assertThatThrownBy(() -> RampCurve.load(RampingStrategy.LINEAR, 0, 101, 0.5)).hasMessageContaining("to");
        assertThatThrownBy(() -> RampCurve.load(RampingStrategy.LINEAR, 0, 50, Double.NaN)).hasMessageContaining("fraction");
        assertThatThrownBy(() -> RampCurve.load(RampingStrategy.STEP, 0, 50, 0.5, 0)).hasMessageContaining("steps");
        assertThatThrownBy(() -> RampCurve.load(null, 0, 50, 0.5)).hasMessageContaining("strategy");
    }

    @Test
    void strategyNamesParseCaseInsensitivelyAndListTheValidOnes() {
        assertThat(RampingStrategy.fromWire("Exponential")).isEqualTo(RampingStrategy.EXPONENTIAL);
        assertThatThrownBy(() -> RampingStrategy.fromWire("zigzag"))
                .hasMessageContaining("linear, exponential, step, adaptive");
    }
}
