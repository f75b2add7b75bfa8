package io.stressfw.safety.engine;

import io.stressfw.model.Comparison;
import io.stressfw.model.SafetyAction;
import io.stressfw.safety.rule.ThresholdRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhaseRuleArmingTest {
    private static final List<ThresholdRule> RULES =
            List.of(ThresholdRule.simple("cpu-40", "cpu_usage", Comparison.ABOVE, 40, SafetyAction.STOP));
    private final PhaseRuleArming arming = new PhaseRuleArming(3000);

    @Test
    void theFirstPhaseOfACycleWaitsForTheSettleFromTheCycleStart() {
        arming.cycleStarted(10_000);
        assertThat(arming.phaseStarted(RULES, 10_050)).isEmpty();
        assertThat(arming.armsAtMs()).contains(13_000L);
        assertThat(arming.due(12_999)).isEmpty();
        assertThat(arming.due(13_000)).contains(RULES);
        assertThat(arming.due(13_100)).as("given once").isEmpty();
    }

    @Test
    void laterPhasesAreArmedAtOnce() {
        arming.cycleStarted(10_000);
        arming.phaseStarted(RULES, 10_000);
        arming.clear();
        assertThat(arming.phaseStarted(RULES, 10_500)).isEqualTo(RULES);
        assertThat(arming.due(20_000)).isEmpty();
    }

    @Test
    void aFirstPhaseStartingAfterTheSettleIsArmedAtOnce() {
        arming.cycleStarted(10_000);
        assertThat(arming.phaseStarted(RULES, 13_000)).isEqualTo(RULES);
    }

    @Test
    void withoutACycleStartSeenTheRulesAreArmedAtOnce() {
        assertThat(arming.phaseStarted(RULES, 10_000)).isEqualTo(RULES);
    }

    @Test
    void aPhaseThatEndsDuringTheSettleLeavesNothingWaiting() {
        arming.cycleStarted(10_000);
        arming.phaseStarted(RULES, 10_000);
        arming.clear();
        assertThat(arming.due(20_000)).isEmpty();
        assertThat(arming.armsAtMs()).isEmpty();
    }

    @Test
    void aZeroSettleArmsEveryPhaseAtOnce() {
        PhaseRuleArming none = new PhaseRuleArming(0);
        none.cycleStarted(10_000);
        assertThat(none.phaseStarted(RULES, 10_000)).isEqualTo(RULES);
    }

    @Test
    void refusesANegativeSettle() {
        assertThatThrownBy(() -> new PhaseRuleArming(-1)).hasMessageContaining("must not be negative");
    }
}
