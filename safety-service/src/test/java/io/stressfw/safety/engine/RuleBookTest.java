package io.stressfw.safety.engine;

import io.stressfw.model.SafetyAction;
import io.stressfw.safety.rule.Comparison;
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

    @Test
    void aPhaseRuleReplacesTheGlobalRuleOnItsMetricAndAddsTheOthers() {
        ThresholdRule lightCpu = phaseRule("light", "cpu_usage", 60);
        ThresholdRule lightLoad = phaseRule("light", "load_average_1m", 4);
        assertThat(RuleBook.merge(List.of(CPU, MEMORY), List.of(lightCpu, lightLoad)))
                .containsExactly(MEMORY, lightCpu, lightLoad);
    }

    @Test
    void phaseRulesAreInForceUntilThePhaseEnds() {
        ThresholdRule lightCpu = phaseRule("light", "cpu_usage", 60);
        book.replacePhase(List.of(lightCpu));
        assertThat(book.inForce()).containsExactly(MEMORY, lightCpu);
        assertThat(book.inForce("cpu")).isFalse();
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
        assertThat(book.inForce().get(1).metric()).isEqualTo("cpu_usage");
        assertThat(book.lastValueAtMs(1)).isEqualTo(1_000);
        assertThat(book.lastValueAtMs(0)).isNull();
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
