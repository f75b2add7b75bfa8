package io.stressfw.orchestrator.config;

import io.stressfw.plan.InvalidPlanException;
import io.stressfw.plan.PhaseSpec;
import io.stressfw.plan.PlanParser;
import io.stressfw.plan.StressPlan;
import io.stressfw.model.Phase;
import io.stressfw.model.RampingStrategy;
import io.stressfw.model.RuleWindow;
import io.stressfw.model.ThresholdSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StressCyclesFileTest {

    private static StressPlan parse(String yaml) {
        return PlanParser.parseBytes(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml", PlanParser.Require.PHASES);
    }

    @Test
    void bundledFileDefinesTheSevenPhasesWithTheSeedBands() {
        StressPlan file = CyclePlans.load(null);
        assertThat(file.phases()).hasSize(7);
        for (Phase phase : Phase.values()) {
            PhaseSpec spec = file.spec(phase);
            assertThat(spec.minLoad()).isEqualTo(phase.minLoadPercent());
            assertThat(spec.maxLoad()).isEqualTo(phase.maxLoadPercent());
        }
        assertThat(file.adaptiveProfile().aggressiveness()).isEqualTo(0.5);
    }

    @Test
    void bundledLoadedPhasesKeepTheSeedsTimingSoThatPacedMemoryArrivesInTheFirstHalfOfTheHold() {
        StressPlan file = CyclePlans.load(null);
        for (Phase phase : Phase.values()) {
            PhaseSpec spec = file.spec(phase);
            if (phase == Phase.IDLE) {
                continue;
            }
            // The seed's example LIGHT: ramp 30 s, hold 120 s, ramp-down 20 s. With 15-20 s phases the seed's first
            // example ended under_target on memory (paced growth, about 70 MB/s of new memory on a 2-core VM).
            assertThat(spec.rampUpSeconds()).as(phase + " ramp-up").isEqualTo(30);
            assertThat(spec.durationSeconds()).as(phase + " hold").isEqualTo(120);
            assertThat(spec.rampDownSeconds()).as(phase + " ramp-down").isEqualTo(20);
        }
    }

    @Test
    void theBundledTheDemoAndTheComposePlansRaiseNoGlobalRuleButChaosCpuAndHaveNoThresholdAt100() {
        for (StressPlan file : java.util.List.of(CyclePlans.load(null),
                CyclePlans.load(java.nio.file.Path.of("..", "config", "demo_cycles.yaml").toString()),
                CyclePlans.load(java.nio.file.Path.of("..", "k8s", "base", "stress_cycles.yaml").toString()))) {
            file.phases().forEach((phase, spec) -> {
                assertThat(spec.safetyThresholds()).as(phase + " thresholds").containsKeys("cpu_usage", "memory_usage");
                spec.safetyThresholds().forEach((metric, threshold) -> {
                    boolean chaosCpu = phase == Phase.CHAOS && metric.equals("cpu_usage");
                    assertThat(threshold.overrideGlobal()).as(phase + " " + metric + " override").isEqualTo(chaosCpu);
                    if (!chaosCpu) {
                        assertThat(threshold.limit()).as(phase + " " + metric).isLessThan(100);
                    }
                });
            });
        }
    }

    @Test
    void readsEveryFieldOfAPhase() {
        StressPlan file = parse("""
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
        assertThat(medium.safetyThresholds()).containsEntry("memory_usage", ThresholdSpec.above(85));
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
                """)).isInstanceOf(InvalidPlanException.class)
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
    void theSeedsFlatThresholdsAndTheObjectFormAreRead() {
        StressPlan file = parse("""
                phases:
                  light:
                    min_load: 10
                    max_load: 25
                    duration_seconds: 120
                    cpu_weight: 1.0
                    safety_thresholds:
                      cpu_usage: 40.0
                      memory_usage: {limit: 90, window: "p95 over 5s"}
                  chaos:
                    min_load: 95
                    max_load: 100
                    duration_seconds: 10
                    cpu_weight: 1.0
                    safety_thresholds: {cpu_usage: {limit: 100, override_global: true}, temperature: {limit: 80, for: 2s, hysteresis: 3}}
                """);
        assertThat(file.spec(Phase.LIGHT).safetyThresholds()).containsExactly(
                java.util.Map.entry("cpu_usage", ThresholdSpec.above(40)),
                java.util.Map.entry("memory_usage", ThresholdSpec.above(90).withWindow(RuleWindow.parseAggregate("p95 over 5s"))));
        assertThat(file.spec(Phase.CHAOS).safetyThresholds().get("cpu_usage").overrideGlobal()).isTrue();
        assertThat(file.spec(Phase.CHAOS).safetyThresholds().get("temperature").describe("temperature"))
                .isEqualTo("temperature > 80 for 2s");
    }

    @Test
    void anUnknownMetricInAThresholdIsRefusedWithFileLineAndField() {
        assertThatThrownBy(() -> parse("""
                phases:
                  light:
                    min_load: 10
                    max_load: 25
                    duration_seconds: 10
                    cpu_weight: 1
                    safety_thresholds:
                      cpu_usage: 40
                      gpu_usage: 80
                """)).isInstanceOf(InvalidPlanException.class)
                .hasMessageStartingWith("test.yaml: line 9, column 7, field 'phases.light.safety_thresholds.gpu_usage': "
                        + "unknown metric 'gpu_usage'; expected one of cpu_usage, ")
                .hasMessageContaining("temperature");
    }

    @Test
    void aBadThresholdFieldIsRefusedAtItsOwnLine() {
        assertThatThrownBy(() -> parse("""
                phases:
                  light:
                    min_load: 10
                    max_load: 25
                    duration_seconds: 10
                    cpu_weight: 1
                    safety_thresholds:
                      cpu_usage:
                        limit: 95
                        for: soon
                """)).hasMessageStartingWith("test.yaml: line 10, column 14, field 'phases.light.safety_thresholds.cpu_usage.for': "
                + "'soon' is not a duration");
        assertThatThrownBy(() -> parse("""
                phases:
                  light:
                    min_load: 10
                    max_load: 25
                    duration_seconds: 10
                    cpu_weight: 1
                    safety_thresholds: {cpu_usage: {limit: 95, override_global: perhaps}}
                """)).hasMessage("test.yaml: line 7, column 65, field 'phases.light.safety_thresholds.cpu_usage.override_global': "
                + "must be true or false, was perhaps");
    }

    private static final String LIGHT = """
            phases:
              light:
                min_load: 10
                max_load: 25
                duration_seconds: 10
                cpu_weight: 1
                safety_thresholds: {probe.checkout.p95_ms: {limit: 500, for: 10s}}
            """;

    @Test
    void probesAndAnSloAreReadBesideThePhasesAndPhaseRulesMayUseProbeMetrics() {
        StressPlan file = parse(LIGHT + """
                probes:
                  checkout: {type: http, url: "http://127.0.0.1:8080/checkout", steady_state: true}
                slo:
                  window: 5s
                  objectives: {probe.checkout.p95_ms: 200}
                """);

        assertThat(file.probes()).containsOnlyKeys("checkout");
        assertThat(file.probes().get("checkout").settings().steadyState()).isTrue();
        assertThat(file.slo().describe()).isEqualTo("probe.checkout.p95_ms <= 200");
        assertThat(file.spec(Phase.LIGHT).safetyThresholds().get("probe.checkout.p95_ms").limit()).isEqualTo(500);
        assertThat(CyclePlans.load(null).probes()).isEmpty();
        assertThat(CyclePlans.load(null).slo()).isNull();
    }

    @Test
    void aBadProbeIsRefusedAtItsOwnLineAndAPhaseRuleOnAnUndeclaredProbeIsNamed() {
        assertThatThrownBy(() -> parse(LIGHT + """
                probes:
                  checkout:
                    type: http
                    url: "http://127.0.0.1:8080/checkout"
                    timeout: 5s
                """)).isInstanceOf(InvalidPlanException.class).hasMessage("test.yaml: line 12, column 14, field "
                + "'probes.checkout.timeout': timeout must be > 0 and at most the interval (1s), was 5s");
        assertThatThrownBy(() -> parse(LIGHT)).isInstanceOf(InvalidPlanException.class)
                .hasMessage("test.yaml: line 7, column 25, field 'phases.light.safety_thresholds.probe.checkout.p95_ms': "
                        + "no probe named 'checkout' in probes");
        assertThatThrownBy(() -> parse(LIGHT + """
                probes:
                  checkout: {type: tcp, address: "127.0.0.1:8080"}
                slo:
                  objectives: {probe.cart.p95_ms: 200}
                """)).isInstanceOf(InvalidPlanException.class).hasMessage("test.yaml: line 11, column 35, field "
                + "'slo.objectives.probe.cart.p95_ms': no probe named 'cart' in probes (checkout)");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> CyclePlans.load("/nonexistent/stress_cycles.yaml"))
                .hasMessageContaining("/nonexistent/stress_cycles.yaml");
    }
}
