package io.stressfw.plan;

import io.stressfw.model.LoadLimits;
import io.stressfw.model.Phase;
import io.stressfw.model.RampingStrategy;
import io.stressfw.model.ThresholdSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PlanParserTest {
    private static StressPlan plan(String text) {
        return PlanParser.parse(text, "test.yaml", PlanParser.Require.PHASES);
    }

    @Test
    void theSeedsExampleVerbatimLoadsAsLight() {
        StressPlan plan = PlanParser.parseFile(Path.of("src/test/resources/seed_stress_cycles.yaml"),
                PlanParser.Require.PHASES);
        assertThat(plan.phaseOrder()).containsExactly(Phase.LIGHT);
        PhaseSpec light = plan.spec(Phase.LIGHT);
        assertThat(light.name()).isEqualTo("Light Load");
        assertThat(light.minLoad()).isEqualTo(10);
        assertThat(light.maxLoad()).isEqualTo(25);
        assertThat(light.durationSeconds()).isEqualTo(120);
        assertThat(light.rampUpSeconds()).isEqualTo(30);
        assertThat(light.rampDownSeconds()).isEqualTo(20);
        assertThat(light.weights().memory()).isEqualTo(0.8);
        assertThat(light.weights().io()).isEqualTo(0.6);
        assertThat(light.weights().network()).isEqualTo(0.4);
        assertThat(light.safetyThresholds()).containsEntry("cpu_usage", ThresholdSpec.above(40))
                .containsEntry("memory_usage", ThresholdSpec.above(50)).containsEntry("temperature", ThresholdSpec.above(65));
        assertThat(light.adaptiveEnabled()).isTrue();
        assertThat(light.rampingStrategy()).isEqualTo(RampingStrategy.LINEAR);
        assertThat(plan.text()).contains("name: \"Light Load\"");
    }

    @Test
    void theSeedsFormTakesThePhaseAsNumberOrNameAndKeepsTheOrderWritten() {
        StressPlan plan = plan("""
                phases:
                  - phase: heavy
                    min_load_percent: 50
                    max_load_percent: 75
                    duration_seconds: 10
                    cpu_weight: 1
                  - phase: 0
                    min_load_percent: 0
                    max_load_percent: 5
                    duration_seconds: 10
                    cpu_weight: 1
                  - name: medium
                    min_load: 25
                    max_load: 50
                    target_load_percent: 40
                    duration_seconds: 10
                    cpu_weight: 1
                """);
        assertThat(plan.phaseOrder()).containsExactly(Phase.HEAVY, Phase.IDLE, Phase.MEDIUM);
        assertThat(plan.spec(Phase.MEDIUM).effectiveTarget()).isEqualTo(40);
    }

    @Test
    void todaysMapFormIsRead() {
        StressPlan plan = plan("""
                phases:
                  light: {min_load: 10, max_load: 25, duration_seconds: 30, cpu_weight: 1, ramping_strategy: step}
                  medium: {min_load: 25, max_load: 50, duration_seconds: 30, cpu_weight: 0.5, memory_weight: 0.4}
                adaptive_profile: {aggressiveness: 0.7, stability_threshold: 0.05, degradation_threshold: 0.2, adaptation_rate: 0.2}
                agents:
                  limits: {memory_mb: 512, network_mbps: 50}
                """);
        assertThat(plan.phaseOrder()).containsExactly(Phase.LIGHT, Phase.MEDIUM);
        assertThat(plan.spec(Phase.LIGHT).rampingStrategy()).isEqualTo(RampingStrategy.STEP);
        assertThat(plan.spec(Phase.MEDIUM).weights().memory()).isEqualTo(0.4);
        assertThat(plan.adaptiveProfile().adaptationRate()).isEqualTo(0.2);
        assertThat(plan.agentLimits()).isEqualTo(new LoadLimits(512.0, null, 50.0, null));
    }

    @Test
    void jsonIsReadWithItsLines() {
        StressPlan plan = PlanParser.parse("{\"phases\":{\"light\":{\"min_load\":10,\"max_load\":25,"
                + "\"duration_seconds\":5,\"cpu_weight\":1}}}", "request body", PlanParser.Require.PHASES);
        assertThat(plan.spec(Phase.LIGHT).durationSeconds()).isEqualTo(5);
        InvalidPlanException refused = catchThrowableOfType(InvalidPlanException.class, () -> PlanParser.parseMember("""
                {"override_safety": true,
                 "plan": {"phases": [{"phase": 1, "min_load_percent": 10,
                                      "max_load_percent": 250, "duration_seconds": 5, "cpu_weight": 1}]}}
                """, "request body", "plan", PlanParser.Require.PHASES));
        assertThat(refused.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.field()).isEqualTo("plan.phases[0].max_load_percent");
            assertThat(p.describe()).startsWith("request body: line 3, column 43, field 'plan.phases[0].max_load_percent'");
        });
    }

    @Test
    void everyProblemIsListedNotOnlyTheFirst() {
        InvalidPlanException refused = catchThrowableOfType(InvalidPlanException.class, () -> plan("""
                phases:
                  - phase: 1
                    min_load_percent: ten
                    max_load_percent: 25
                    duration_seconds: -1
                    cpu_weight: 1
                    colour: blue
                  - phase: 9
                    min_load_percent: 10
                    max_load_percent: 25
                    duration_seconds: 1
                    cpu_weight: 1
                logging: {level: LOUD}
                """));
        assertThat(refused.problems()).extracting(PlanProblem::line, PlanProblem::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "phases[0].min_load_percent"),
                org.assertj.core.groups.Tuple.tuple(5, "phases[0].duration_seconds"),
                org.assertj.core.groups.Tuple.tuple(7, "phases[0].colour"),
                org.assertj.core.groups.Tuple.tuple(8, "phases[1].phase"),
                org.assertj.core.groups.Tuple.tuple(13, "logging.level"));
        assertThat(refused.getMessage().lines()).hasSize(5);
    }

    @Test
    void theSeedsLoadGeneratorsBlockIsRead() {
        StressPlan config = PlanParser.parseFile(Path.of("src/test/resources/seed_load_generators.yaml"),
                PlanParser.Require.NOTHING);
        LoadGeneratorsSpec generators = config.loadGenerators();
        assertThat(generators.coresAuto()).isTrue();
        assertThat(generators.cores()).isNull();
        assertThat(generators.precisionIntervalMs()).isEqualTo(100);
        assertThat(generators.limitAuto()).isTrue();
        assertThat(generators.chunkSizeMb()).isEqualTo(10);
        assertThat(generators.operationsPerSecond()).isEqualTo(1000);
        assertThat(generators.operationMix()).isEqualTo(new LoadGeneratorsSpec.OperationMix(0.4, 0.4, 0.2));
        assertThat(generators.bandwidthMbps()).isEqualTo(100.0);
        assertThat(generators.connectionPoolSize()).isEqualTo(10);
        assertThat(config.phases()).isEmpty();
    }

    @Test
    void aConfigWithoutLoadGeneratorsLeavesEveryValueToTheAgent() {
        StressPlan config = PlanParser.parse("logging: {level: INFO}\n", "agent.yaml", PlanParser.Require.NOTHING);
        assertThat(config.loadGenerators()).isEqualTo(LoadGeneratorsSpec.NONE);
    }

    @Test
    void theSeedsLoggingBlockIsRead() {
        StressPlan config = PlanParser.parse("""
                logging:
                  level: DEBUG
                  handlers:
                    - file: stress_test_debug.log
                    - console: true
                """, "config.yaml", PlanParser.Require.NOTHING);
        assertThat(config.logging()).isEqualTo(new LoggingSpec("DEBUG", "stress_test_debug.log", true));
        assertThat(new LoggingSpec("WARNING", null, true).quarkusLevel()).isEqualTo("WARN");
        assertThat(PlanParser.parse("logging: {level: info, handlers: [{file: a.log}]}", "c", PlanParser.Require.NOTHING)
                .logging()).isEqualTo(new LoggingSpec("INFO", "a.log", false));
    }

    @Test
    void theBundledStyleFilesOfTheRepositoryLoad() {
        for (Path file : List.of(Path.of("../config/demo_cycles.yaml"), Path.of("../k8s/base/stress_cycles.yaml"),
                Path.of("../orchestrator-service/src/main/resources/stress_cycles.yaml"))) {
            assertThat(PlanParser.parseFile(file, PlanParser.Require.PHASES).phases()).as(file.toString()).hasSize(7);
        }
    }
}
