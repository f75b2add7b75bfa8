package io.stressfw.safety.rule;

import io.stressfw.model.Comparison;
import io.stressfw.model.RuleWindow;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleConditionTest {

    private static ThresholdRule rule(Comparison comparison, double limit, RuleWindow window, double hysteresis) {
        return new ThresholdRule("r", "cpu_usage", comparison, limit, window, hysteresis, Severity.CRITICAL, SafetyAction.STOP, null);
    }

    @Test
    void instantRuleFiresOnTheFirstSampleOverTheLimit() {
        RuleCondition c = new RuleCondition(rule(Comparison.ABOVE, 95, null, 0));
        assertThat(c.observe(0, 94)).isEqualTo(Signal.CLEAR);
        assertThat(c.observe(100, 95)).isEqualTo(Signal.CLEAR);
        assertThat(c.observe(200, 95.1)).isEqualTo(Signal.OVER);
        assertThat(c.active()).isTrue();
        assertThat(c.observed()).isEqualTo(95.1);
    }

    @Test
    void atOrAboveFiresExactlyAtTheLimit() {
        RuleCondition c = new RuleCondition(rule(Comparison.AT_OR_ABOVE, 95, null, 0));
        assertThat(c.observe(0, 95)).isEqualTo(Signal.OVER);
    }

    @Test
    void belowRuleFiresUnderTheLimitAndClearsAboveLimitPlusHysteresis() {
        RuleCondition c = new RuleCondition(rule(Comparison.BELOW, 10, null, 5));
        assertThat(c.observe(0, 9)).isEqualTo(Signal.OVER);
        assertThat(c.observe(100, 12)).isEqualTo(Signal.HOLD);
        assertThat(c.observe(200, 15)).isEqualTo(Signal.CLEAR);
        assertThat(c.active()).isFalse();
    }

    @Test
    void hysteresisHoldsAnActiveViolationUntilTheValueIsBackBelowLimitMinusHysteresis() {
        RuleCondition c = new RuleCondition(rule(Comparison.ABOVE, 90, null, 5));
        assertThat(c.observe(0, 91)).isEqualTo(Signal.OVER);
        assertThat(c.observe(100, 89)).isEqualTo(Signal.HOLD);
        assertThat(c.observe(200, 86)).isEqualTo(Signal.HOLD);
        assertThat(c.observe(300, 85)).isEqualTo(Signal.CLEAR);
        assertThat(c.observe(400, 89)).isEqualTo(Signal.CLEAR);
    }

    @Test
    void forWindowNeedsTheValueOverTheLimitContinuouslyForItsLength() {
        RuleCondition c = new RuleCondition(rule(Comparison.ABOVE, 95, RuleWindow.continuously(Duration.ofMillis(500)), 0));
        assertThat(c.observe(0, 99)).isEqualTo(Signal.HOLD);
        assertThat(c.observe(300, 99)).isEqualTo(Signal.HOLD);
        assertThat(c.observe(500, 99)).isEqualTo(Signal.OVER);
    }

    @Test
    void forWindowRestartsWhenOneSampleIsUnderTheLimit() {
        RuleCondition c = new RuleCondition(rule(Comparison.ABOVE, 95, RuleWindow.continuously(Duration.ofMillis(500)), 0));
        c.observe(0, 99);
        c.observe(300, 99);
        assertThat(c.observe(400, 90)).isEqualTo(Signal.CLEAR);
        assertThat(c.observe(600, 99)).isEqualTo(Signal.HOLD);
        assertThat(c.observe(1000, 99)).isEqualTo(Signal.HOLD);
        assertThat(c.observe(1100, 99)).isEqualTo(Signal.OVER);
    }

    @Test
    void singleSpikeDoesNotFireAForWindow() {
        RuleCondition c = new RuleCondition(rule(Comparison.ABOVE, 95, RuleWindow.continuously(Duration.ofSeconds(2)), 0));
        assertThat(c.observe(0, 100)).isEqualTo(Signal.HOLD);
        assertThat(c.observe(1000, 50)).isEqualTo(Signal.CLEAR);
        assertThat(c.active()).isFalse();
    }

    @Test
    void meanWindowFiresWhenTheMeanOfTheLastWindowIsOverTheLimit() {
        RuleCondition c = new RuleCondition(rule(Comparison.ABOVE, 80, RuleWindow.parseAggregate("mean over 1s"), 0));
        assertThat(c.observe(0, 70)).isEqualTo(Signal.CLEAR);
        assertThat(c.observe(500, 100)).isEqualTo(Signal.CLEAR);
        assertThat(c.observe(1000, 80)).isEqualTo(Signal.OVER);
        assertThat(c.observed()).isCloseTo(83.33, org.assertj.core.data.Offset.offset(0.01));
        // 0 ms falls out of the window: mean(100, 80, 60) = 80, not over
        assertThat(c.observe(1200, 60)).isEqualTo(Signal.CLEAR);
    }

    @Test
    void aggregateWindowWaitsForOneFullWindowOfDataBeforeFiring() {
        RuleCondition c = new RuleCondition(rule(Comparison.ABOVE, 80, RuleWindow.parseAggregate("mean over 5s"), 0));
        assertThat(c.observe(0, 100)).isEqualTo(Signal.CLEAR);
        assertThat(c.observe(4000, 100)).isEqualTo(Signal.CLEAR);
        assertThat(c.observe(5000, 100)).isEqualTo(Signal.OVER);
    }

    @Test
    void p95WindowIgnoresARareSpikeButFiresOnSustainedLoad() {
        RuleCondition c = new RuleCondition(rule(Comparison.ABOVE, 90, RuleWindow.parseAggregate("p95 over 5s"), 0));
        Signal last = null;
        for (int i = 0; i <= 50; i++) {
            last = c.observe(i * 100L, i == 25 ? 100 : 50);
        }
        assertThat(last).isEqualTo(Signal.CLEAR);
        for (int i = 51; i <= 100; i++) {
            last = c.observe(i * 100L, 95);
        }
        assertThat(last).isEqualTo(Signal.OVER);
    }

    @Test
    void maxAndMinWindowsUseTheExtremes() {
        RuleCondition max = new RuleCondition(rule(Comparison.ABOVE, 90, RuleWindow.parseAggregate("max over 1s"), 0));
        max.observe(0, 95);
        assertThat(max.observe(1000, 10)).isEqualTo(Signal.OVER);
        RuleCondition min = new RuleCondition(rule(Comparison.BELOW, 10, RuleWindow.parseAggregate("min over 1s"), 0));
        min.observe(0, 5);
        assertThat(min.observe(1000, 50)).isEqualTo(Signal.OVER);
    }

    @Test
    void nonFiniteValuesAreRefused() {
        RuleCondition c = new RuleCondition(rule(Comparison.ABOVE, 95, null, 0));
        assertThatThrownBy(() -> c.observe(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
    }
}
