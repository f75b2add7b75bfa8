package io.stressfw.agent.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.stressfw.agent.AgentSettings;
import io.stressfw.plan.InvalidPlanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seed's load_generators block from a YAML file, under environment variables and over the built-in defaults. */
class AgentConfigFileTest {

    private static AgentSettings.LoadGenerators settings(Map<String, String> system, Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(system, "system-like", 400))
                .withSources(new PropertiesConfigSource(environment, "environment-like", 300))
                .withSources(new AgentConfigFileSourceFactory())
                // Quarkus reads durations such as "3s" (the settings' defaults) with its own converter.
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(AgentSettings.class)
                .build();
        return config.getConfigMapping(AgentSettings.class).loadGenerators();
    }

    @Test
    void withoutAFileTheDefaultsAreTheSeeds() {
        AgentSettings.LoadGenerators g = settings(Map.of(), Map.of());
        assertThat(g.io().operationsPerSecond()).isEqualTo(1000);
        assertThat(g.io().operationMix()).isEqualTo("read:0.4,write:0.4,seek:0.2");
        assertThat(g.network().connectionPoolSize()).isEqualTo(10);
        assertThat(g.network().bandwidthMbps()).isEqualTo(100);
        assertThat(g.cpu().cores()).isEqualTo("auto");
        assertThat(g.memory().chunkSizeMb()).isEqualTo(10);
    }

    @Test
    void theSeedsBlockVerbatimGivesTheSeedsValues() {
        AgentSettings.LoadGenerators g = settings(Map.of(AgentConfigFile.PROPERTY, "src/test/resources/seed_load_generators.yaml"),
                Map.of());
        assertThat(g.cpu().cores()).isEqualTo("auto");
        assertThat(g.cpu().precisionIntervalMs()).isEqualTo(100);
        assertThat(g.memory().limitGb()).isEqualTo("auto");
        assertThat(g.io().operationsPerSecond()).isEqualTo(1000);
        assertThat(g.io().operationMix()).isEqualTo("read:0.4,write:0.4,seek:0.2");
        assertThat(g.network().connectionPoolSize()).isEqualTo(10);
    }

    @Test
    void theFileOverridesTheDefaultsAndEnvironmentVariablesOverrideTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("agent.yaml"), """
                load_generators:
                  cpu: {cores: 2, precision_interval_ms: 50}
                  memory: {limit_gb: 1.5, chunk_size_mb: 20}
                  io:
                    operations_per_second: 750
                    operation_mix: {read: 0.6, write: 0.3, seek: 0.1}
                  network: {bandwidth_mbps: 40, connection_pool_size: 12}
                logging:
                  level: DEBUG
                  handlers:
                    - file: agent-debug.log
                    - console: true
                """);
        Map<String, String> system = Map.of(AgentConfigFile.PROPERTY, file.toString());
        AgentSettings.LoadGenerators g = settings(system, Map.of());
        assertThat(g.cpu().cores()).isEqualTo("2");
        assertThat(g.cpu().precisionIntervalMs()).isEqualTo(50);
        assertThat(g.memory().limitGb()).isEqualTo("1.5");
        assertThat(g.memory().chunkSizeMb()).isEqualTo(20);
        assertThat(g.io().operationsPerSecond()).isEqualTo(750);
        assertThat(g.io().operationMix()).isEqualTo("read:0.6,write:0.3,seek:0.1");
        assertThat(g.network().bandwidthMbps()).isEqualTo(40);
        assertThat(g.network().connectionPoolSize()).isEqualTo(12);

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("stress.agent.load_generators.network.connection_pool_size", "3");
        assertThat(settings(system, environment).network().connectionPoolSize()).isEqualTo(3);

        assertThat(AgentConfigFile.properties(file.toString())).containsEntry("quarkus.log.level", "DEBUG")
                .containsEntry("quarkus.log.file.enabled", "true").containsEntry("quarkus.log.file.path", "agent-debug.log")
                .containsEntry("quarkus.log.console.enabled", "true");
    }

    @Test
    void aBadFileNamesTheLineAndField(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("agent.yaml"), """
                load_generators:
                  io:
                    operations_per_second: lots
                """);
        assertThatThrownBy(() -> AgentConfigFile.properties(file.toString())).isInstanceOf(InvalidPlanException.class)
                .hasMessage(file + ": line 3, column 28, field 'load_generators.io.operations_per_second': "
                        + "must be a number, was the text 'lots'");
    }
}
