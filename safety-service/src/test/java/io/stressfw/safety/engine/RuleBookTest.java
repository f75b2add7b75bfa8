package io.stressfw.safety.engine;

import io.stressfw.model.SafetyAction;
import io.stressfw.model.Comparison;
import io.stressfw.safety.rule.RuleScope;
import io.stressfw.safety.rule.ThresholdRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleBookTest {
    private static final ThresholdRule CPU = ThresholdRule.simple("cpu", "cpu_usage", Comparison.ABOVE, 95, SafetyAction.STOP);
    private static final ThresholdRule MEMORY = ThresholdRule.simple("memory", "memory_usage", Comparison.ABOVE, 90, SafetyAction.STOP);

    private final RuleBook book = new RuleBook(List.of(CPU, MEMORY), Set.of("stale-source"));

    private static ThresholdRule phaseRule(String phase, String metric, double limit) {
        return ThresholdRule.simple(RuleScope.phaseRuleId(phase, metric), metric, Comparison.ABOVE, limit, SafetyAction.STOP)
                .withScope(RuleScope.PHASE);
    }

    private static ThresholdRule overriding(String phase, String metric, double limit) {
        ThresholdRule rule = phaseRule(phase, metric, limit);
        return new ThresholdRule(rule.id(), rule.metric(), rule.comparison(), rule.limit(), rule.window(),
                rule.hysteresis(), rule.severity(), rule.action(), rule.sourceKind(), RuleScope.PHASE, true);
    }

    @Test
    void phaseRulesAreAddedBesideEveryGlobalRuleEvenOnTheSameMetric() {
        ThresholdRule lightCpu = phaseRule("light", "cpu_usage", 60);
        ThresholdRule lightLoad = phaseRule("light", "load_average_1m", 4);
        assertThat(RuleBook.merge(List.of(CPU, MEMORY), List.of(lightCpu, lightLoad)))
                .containsExactly(CPU, MEMORY, lightCpu, lightLoad);
        ThresholdRule looserCpu = phaseRule("chaos", "cpu_usage", 100);
        assertThat(RuleBook.merge(List.of(CPU, MEMORY), List.of(looserCpu)))
                .as("a looser phase rule does not raise the global one").containsExactly(CPU, MEMORY, looserCpu);
    }

    @Test
    void onlyAnExplicitOverrideReplacesTheGlobalRulesOnItsMetricThatCompareTheSameWay() {
        ThresholdRule chaosCpu = overriding("chaos", "cpu_usage", 100);
        ThresholdRule idle = ThresholdRule.simple("idle-cpu", "cpu_usage", Comparison.BELOW, 1, SafetyAction.WARN);
        assertThat(RuleBook.merge(List.of(CPU, idle, MEMORY), List.of(chaosCpu))).containsExactly(idle, MEMORY, chaosCpu);

        book.replacePhase(List.of(chaosCpu));
        assertThat(book.overrides()).singleElement().satisfies(o -> {
            assertThat(o.phase()).isEqualTo("chaos");
            assertThat(o.global()).isEqualTo(CPU);
            assertThat(o.replacement()).isEqualTo(chaosCpu);
        });
        book.replacePhase(List.of());
        assertThat(book.overrides()).isEmpty();
        assertThat(book.inForce()).containsExactly(CPU, MEMORY);
    }

    @Test
    void aGlobalRuleMayNotClaimToOverride() {
        assertThatThrownBy(() -> new ThresholdRule("cpu", "cpu_usage", Comparison.ABOVE, 95, null, 0,
                io.stressfw.model.Severity.CRITICAL, SafetyAction.STOP, null, RuleScope.GLOBAL, true))
                .hasMessageContaining("override_global is for phase rules only");
    }

    @Test
    void phaseRulesAreInForceUntilThePhaseEnds() {
        ThresholdRule lightCpu = phaseRule("light", "cpu_usage", 60);
        book.replacePhase(List.of(lightCpu));
        assertThat(book.inForce()).containsExactly(CPU, MEMORY, lightCpu);
        assertThat(book.inForce("cpu")).isTrue();
        assertThat(book.inForce("phase:light:cpu_usage")).isTrue();
        book.replacePhase(List.of());
        assertThat(book.inForce()).containsExactly(CPU, MEMORY);
        assertThat(book.inForce("phase:light:cpu_usage")).isFalse();
    }

    @Test
    void everyChangeOfTheRulesInForceGetsANewVersionAndARepeatDoesNot() {
        int start = book.version();
        book.replacePhase(List.of());
        assertThat(book.version()).isEqualTo(start);
        book.replacePhase(List.of(phaseRule("light", "cpu_usage", 60)));
        assertThat(book.version()).isEqualTo(start + 1);
        book.replacePhase(List.of(phaseRule("light", "cpu_usage", 60)));
        assertThat(book.version()).isEqualTo(start + 1);
        book.replaceGlobal(List.of(MEMORY));
        assertThat(book.version()).isEqualTo(start + 2);
    }

    @Test
    void whenAMetricWasLastReportedSurvivesAChangeOfTheRuleOnIt() {
        assertThat(book.lastValueAtMs(0)).isNull();
        book.valueSeen(0, 1_000);
        book.replacePhase(List.of(phaseRule("heavy", "cpu_usage", 80)));
        assertThat(book.inForce().get(2).metric()).isEqualTo("cpu_usage");
        assertThat(book.lastValueAtMs(2)).isEqualTo(1_000);
        assertThat(book.lastValueAtMs(0)).isEqualTo(1_000);
        assertThat(book.lastValueAtMs(1)).isNull();
    }

    @Test
    void globalRulesAreCheckedWhole() {
        assertThatThrownBy(() -> book.replaceGlobal(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> book.replaceGlobal(null)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> book.replaceGlobal(List.of(CPU, CPU.withId("cpu")))).hasMessageContaining("duplicate rule id 'cpu'");
        assertThatThrownBy(() -> book.replaceGlobal(List.of(phaseRule("light", "cpu_usage", 60))))
                .hasMessageContaining("not a global rule");
        assertThat(book.global()).containsExactly(CPU, MEMORY);
    }

    @Test
    void idsOfTheEnginesOwnRulesAndOfPhaseRulesAreReserved() {
        assertThatThrownBy(() -> book.replaceGlobal(List.of(CPU.withId("stale-source")))).hasMessageContaining("reserved");
        assertThatThrownBy(() -> book.replaceGlobal(List.of(CPU.withId("phase:light:cpu_usage")))).hasMessageContaining("reserved");
    }

    @Test
    void onlyPhaseRulesMayBeSetForAPhase() {
        assertThatThrownBy(() -> book.replacePhase(List.of(CPU))).hasMessageContaining("not a phase rule");
        assertThat(book.phase()).isEmpty();
    }
}
