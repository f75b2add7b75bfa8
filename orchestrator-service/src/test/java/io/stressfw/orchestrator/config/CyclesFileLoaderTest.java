package io.stressfw.orchestrator.config;

import io.stressfw.model.Phase;
import io.stressfw.model.RampingStrategy;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CyclesFileLoaderTest {

    private static CyclesFile parse(String yaml) {
        return CyclesFileLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void bundledFileDefinesTheSevenPhasesWithTheSeedBands() {
        CyclesFile file = CyclesFileLoader.loadDefault();
        assertThat(file.phases()).hasSize(7);
        for (Phase phase : Phase.values()) {
            PhaseSpec spec = file.spec(phase);
            assertThat(spec.minLoad()).isEqualTo(phase.minLoadPercent());
            assertThat(spec.maxLoad()).isEqualTo(phase.maxLoadPercent());
        }
        assertThat(file.adaptiveProfile().aggressiveness()).isEqualTo(0.5);
    }

    @Test
    void readsEveryFieldOfAPhase() {
        CyclesFile file = parse("""
                phases:
                  medium:
                    min_load: 25
                    max_load: 50
                    target_load: 40
                    duration_seconds: 30
                    ramp_up_seconds: 5
                    ramp_down_seconds: 6
                    cpu_weight: 0.8
                    memory_weight: 0.4
                    io_weight: 0.3
                    network_weight: 0.2
                    safety_thresholds: {cpu_usage: 90, memory_usage: 85}
                    adaptive_enabled: false
                    ramping_strategy: step
                adaptive_profile: {aggressiveness: 0.7, stability_threshold: 0.05, degradation_threshold: 0.2, adaptation_rate: 0.2}
                """);
        PhaseSpec medium = file.spec(Phase.MEDIUM);
        assertThat(medium.effectiveTarget()).isEqualTo(40);
        assertThat(medium.rampDownSeconds()).isEqualTo(6);
        assertThat(medium.weights().memory()).isEqualTo(0.4);
        assertThat(medium.safetyThresholds()).containsEntry("memory_usage", 85.0);
        assertThat(medium.rampingStrategy()).isEqualTo(RampingStrategy.STEP);
        assertThat(file.adaptiveProfile().adaptationRate()).isEqualTo(0.2);
    }

    @Test
    void anOutOfRangeValueIsRefusedWithLineAndField() {
        assertThatThrownBy(() -> parse("""
                phases:
                  light:
                    min_load: 10
                    max_load: 250
                    duration_seconds: 10
                    cpu_weight: 1
                """)).isInstanceOf(InvalidCyclesFileException.class)
                .hasMessageContaining("test.yaml")
                .hasMessageContaining("line 4")
                .hasMessageContaining("phases.light.max_load")
                .hasMessageContaining("max_load must be between 0 and 100, was 250");
    }

    @Test
    void anUnknownFieldIsRefusedWithItsLine() {
        assertThatThrownBy(() -> parse("""
                phases:
                  light:
                    min_load: 10
                    max_load: 25
                    duration_seconds: 10
                    cpu_weight: 1
                    cpu_wieght: 1
                """)).hasMessageContaining("line 7").hasMessageContaining("cpu_wieght");
    }

    @Test
    void anUnknownPhaseNameIsRefused() {
        assertThatThrownBy(() -> parse("""
                phases:
                  ludicrous:
                    min_load: 10
                    max_load: 25
                    duration_seconds: 10
                    cpu_weight: 1
                """)).hasMessageContaining("line 2").hasMessageContaining("ludicrous");
    }

    @Test
    void aMissingRequiredFieldAndBrokenYamlAreRefused() {
        assertThatThrownBy(() -> parse("""
                phases:
                  light:
                    min_load: 10
                    max_load: 25
                    cpu_weight: 1
                """)).hasMessageContaining("duration_seconds");
        assertThatThrownBy(() -> parse("phases: [unclosed")).hasMessageContaining("test.yaml").hasMessageContaining("line");
        assertThatThrownBy(() -> parse("""
                phases:
                  light:
                    min_load: ten
                    max_load: 25
                    duration_seconds: 5
                    cpu_weight: 1
                """)).hasMessageContaining("line 3").hasMessageContaining("min_load");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> CyclesFileLoader.load(java.nio.file.Path.of("/nonexistent/stress_cycles.yaml")))
                .hasMessageContaining("/nonexistent/stress_cycles.yaml");
    }
}
