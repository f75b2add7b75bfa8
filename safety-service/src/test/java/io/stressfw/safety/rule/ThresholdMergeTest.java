package io.stressfw.safety.rule;

import io.stressfw.model.Comparison;
import io.stressfw.model.RuleWindow;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThresholdMergeTest {
    private static final ThresholdRule CPU = new ThresholdRule("cpu", "cpu_usage", Comparison.ABOVE, 95,
            RuleWindow.continuously(Duration.ofSeconds(2)), 5, Severity.CRITICAL, SafetyAction.STOP, null);
    private static final ThresholdRule MEMORY = ThresholdRule.simple("memory", "memory_usage", Comparison.ABOVE, 90,
            SafetyAction.STOP);

    @Test
    void aFlatLimitChangesOnlyTheLimitOfTheRulesOnItsMetric() {
        List<ThresholdRule> merged = ThresholdMerge.merge(List.of(CPU, MEMORY), Map.of("cpu_usage", 85.0));
        assertThat(merged).hasSize(2);
        assertThat(merged.get(0)).isEqualTo(new ThresholdRule("cpu", "cpu_usage", Comparison.ABOVE, 85,
                CPU.window(), 5, Severity.CRITICAL, SafetyAction.STOP, null));
        assertThat(merged.get(1)).isEqualTo(MEMORY);
    }

    @Test
    void aMetricWithoutARuleGetsOneAndAnObjectReplacesTheSettings() {
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("temperature", 80.0);
        flat.put("memory_usage", Map.of("limit", 85, "action", "warn"));
        List<ThresholdRule> merged = ThresholdMerge.merge(List.of(CPU, MEMORY), flat);
        assertThat(merged).extracting(ThresholdRule::id).containsExactly("cpu", "memory", "temperature");
        assertThat(merged.get(1).limit()).isEqualTo(85);
        assertThat(merged.get(1).action()).isEqualTo(SafetyAction.WARN);
        assertThat(merged.get(2).limit()).isEqualTo(80);
        assertThat(merged.get(2).action()).isEqualTo(SafetyAction.STOP);
    }

    @Test
    void unknownMetricsAndBadValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> ThresholdMerge.merge(List.of(CPU), Map.of("gpu_usage", 80)))
                .isInstanceOfSatisfying(RuleFormatException.class, e -> assertThat(e.field()).isEqualTo("gpu_usage"));
        assertThatThrownBy(() -> ThresholdMerge.merge(List.of(CPU), Map.of("cpu_usage", "hot")))
                .isInstanceOfSatisfying(RuleFormatException.class, e -> assertThat(e.field()).isEqualTo("cpu_usage"));
        assertThatThrownBy(() -> ThresholdMerge.merge(List.of(CPU), Map.of()))
                .isInstanceOf(RuleFormatException.class);
    }
}
