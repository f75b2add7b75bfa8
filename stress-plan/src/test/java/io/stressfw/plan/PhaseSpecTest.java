package io.stressfw.plan;

import io.stressfw.model.RampingStrategy;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.ThresholdSpec;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhaseSpecTest {

    @Test
    void defaultsAreThoseOfTheYaml() {
        PhaseSpec spec = PhaseSpec.builder().maxLoad(25).durationSeconds(10).cpuWeight(1).build();

        assertThat(spec.minLoad()).isZero();
        assertThat(spec.targetLoad()).isNull();
        assertThat(spec.effectiveTarget()).as("no target: max_load").isEqualTo(25);
        assertThat(spec.rampUpSeconds()).isZero();
        assertThat(spec.rampDownSeconds()).isZero();
        assertThat(spec.weights()).isEqualTo(new ResourceWeights(1, 0, 0, 0));
        assertThat(spec.safetyThresholds()).isEmpty();
        assertThat(spec.adaptive()).isFalse();
        assertThat(spec.rampingStrategy()).isEqualTo(RampingStrategy.LINEAR);
    }

    @Test
    void eachSetterRefusesABadValueNamingTheYamlField() {
        assertThatThrownBy(() -> PhaseSpec.builder().maxLoad(250))
                .hasMessage("max_load must be between 0 and 100, was 250");
        assertThatThrownBy(() -> PhaseSpec.builder().targetLoad(-1.0)).hasMessageContaining("target_load");
        assertThatThrownBy(() -> PhaseSpec.builder().durationSeconds(0)).hasMessage("duration_seconds must be > 0, was 0");
        assertThatThrownBy(() -> PhaseSpec.builder().rampUpSeconds(-1)).hasMessageContaining("ramp_up_seconds must be >= 0");
        assertThatThrownBy(() -> PhaseSpec.builder().memoryWeight(1.5)).hasMessageContaining("memory_weight must be between 0 and 1");
        assertThatThrownBy(() -> PhaseSpec.builder().networkWeight(Double.NaN)).hasMessageContaining("network_weight");
        assertThatThrownBy(() -> PhaseSpec.builder().safetyThresholds(Map.of("cpu_usage", ThresholdSpec.above(-5))))
                .hasMessage("safety_thresholds.cpu_usage must be >= 0, was -5");
        Map<String, ThresholdSpec> withNull = new HashMap<>();
        withNull.put("memory_usage", null);
        assertThatThrownBy(() -> PhaseSpec.builder().safetyThresholds(withNull))
                .hasMessage("safety_thresholds.memory_usage is required");
    }

    @Test
    void buildRefusesAMissingFieldOrAnInvertedBand() {
        assertThatThrownBy(() -> PhaseSpec.builder().durationSeconds(10).build()).hasMessage("max_load is required");
        assertThatThrownBy(() -> PhaseSpec.builder().maxLoad(10).build()).hasMessage("duration_seconds is required");
        assertThatThrownBy(() -> PhaseSpec.builder().minLoad(30).maxLoad(20).durationSeconds(1).build())
                .hasMessage("min_load (30) must not exceed max_load (20)");
    }

    @Test
    void anAdaptiveStrategyMakesThePhaseAdaptiveAsDoesTheFlag() {
        assertThat(PhaseSpec.builder().maxLoad(50).durationSeconds(1).rampingStrategy(RampingStrategy.ADAPTIVE).build()
                .adaptive()).isTrue();
        assertThat(PhaseSpec.builder().maxLoad(50).durationSeconds(1).adaptiveEnabled(true).build().adaptive()).isTrue();
        assertThat(PhaseSpec.builder().maxLoad(50).durationSeconds(1).rampingStrategy(null).build().rampingStrategy())
                .isEqualTo(RampingStrategy.LINEAR);
    }

    @Test
    void theThresholdsAreACopyThatKeepsTheFileOrder() {
        Map<String, ThresholdSpec> thresholds = new java.util.LinkedHashMap<>();
        thresholds.put("memory_usage", ThresholdSpec.above(90));
        thresholds.put("cpu_usage", ThresholdSpec.above(95));
        PhaseSpec spec = PhaseSpec.builder().maxLoad(50).durationSeconds(1).safetyThresholds(thresholds).build();
        thresholds.clear();

        assertThat(spec.safetyThresholds()).containsExactly(Map.entry("memory_usage", ThresholdSpec.above(90)),
                Map.entry("cpu_usage", ThresholdSpec.above(95)));
        assertThatThrownBy(() -> spec.safetyThresholds().put("x", ThresholdSpec.above(1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalFieldsMakeEqualSpecs() {
        assertThat(PhaseSpec.builder().maxLoad(50).durationSeconds(1).cpuWeight(0.5).build())
                .isEqualTo(PhaseSpec.builder().maxLoad(50).durationSeconds(1).cpuWeight(0.5).build())
                .hasSameHashCodeAs(PhaseSpec.builder().maxLoad(50).durationSeconds(1).cpuWeight(0.5).build())
                .isNotEqualTo(PhaseSpec.builder().maxLoad(50).durationSeconds(2).cpuWeight(0.5).build());
    }
}
