package io.stressfw.launcher;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StressCliTest {
    private final Path home = Path.of("/opt/stress");

    @Test
    void upUsesTheDocumentedDefaults() {
        LaunchOptions options = StressCli.parse(new String[]{"up"}, home, Map.of(), System.out);

        assertThat(options.agents()).isEqualTo(1);
        assertThat(options.orchestratorPort()).isEqualTo(8000);
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.workDir()).isEqualTo(home.resolve(".stress/run"));
        assertThat(options.keepData()).isFalse();
        assertThat(options.externalKafka()).isNull();
        assertThat(options.listenAddress()).as("loopback only unless --listen").isEqualTo("127.0.0.1");
    }

    @Test
    void listenOpensTheRunOnAnAddressThatMustExist() {
        assertThat(StressCli.parse(new String[]{"up", "--listen", "0.0.0.0"}, home, Map.of(), System.out).listenAddress())
                .isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> StressCli.parse(new String[]{"up", "--listen", "no-such-host.invalid"}, home, Map.of(), System.out))
                .hasMessageContaining("--listen: 'no-such-host.invalid' is neither an address nor a known host name");
        assertThatThrownBy(() -> StressCli.parse(new String[]{"up", "--listen"}, home, Map.of(), System.out))
                .hasMessage("--listen needs a value");
    }

    @Test
    void kafkaBootstrapServersInTheEnvironmentMeansThatBrokerAndNoneStarted() {
        LaunchOptions options = StressCli.parse(new String[]{"up"}, home,
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker-1:9092,broker-2:9092"), System.out);

        assertThat(options.externalKafka()).isEqualTo("broker-1:9092,broker-2:9092");
        assertThat(StressCli.parse(new String[]{"up"}, home, Map.of("KAFKA_BOOTSTRAP_SERVERS", " "), System.out)
                .externalKafka()).isNull();
    }

    @Test
    void agentsAndKeepDataAreHonoured() {
        LaunchOptions options = StressCli.parse(new String[]{"up", "--agents", "3", "--keep-data", "--kafka-port", "19092"}, home, Map.of(), System.out);

        assertThat(options.agents()).isEqualTo(3);
        assertThat(options.keepData()).isTrue();
        assertThat(options.kafkaPort()).isEqualTo(19092);
    }

    @Test
    void portBaseMovesEveryServicePortAndZeroPicksFreeOnes() {
        LaunchOptions moved = StressCli.parse(new String[]{"up", "--port-base", "18000"}, home, Map.of(), System.out);
        assertThat(moved.orchestratorPort()).isEqualTo(18000);
        assertThat(moved.safetyPort()).isEqualTo(18001);
        assertThat(moved.metricsPort()).isEqualTo(18002);
        assertThat(moved.agentBasePort()).isEqualTo(18100);

        LaunchOptions free = StressCli.parse(new String[]{"up", "--port-base", "0", "--kafka-port", "0"}, home, Map.of(), System.out);
        assertThat(List.of(free.orchestratorPort(), free.safetyPort(), free.metricsPort(), free.agentBasePort(), free.kafkaPort()))
                .containsOnly(0);
    }

    @Test
    void badInputIsRefusedWithAReasonAndTheUsage() {
        assertThatThrownBy(() -> StressCli.parse(new String[]{"up", "--port-base", "65500"}, home, Map.of(), System.out))
                .hasMessage("--port-base must be between 0 and 65420, was 65500");
        assertThatThrownBy(() -> StressCli.parse(new String[]{"up", "--agents", "many"}, home, Map.of(), System.out))
                .hasMessage("--agents must be a whole number, was 'many'");
        assertThatThrownBy(() -> StressCli.parse(new String[]{"up", "--agents", "40"}, home, Map.of(), System.out))
                .hasMessage("--agents must be between 1 and 16, was 40");
        assertThatThrownBy(() -> StressCli.parse(new String[]{"up", "--config", "/no/such.yaml"}, home, Map.of(), System.out))
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> StressCli.parse(new String[]{"down"}, home, Map.of(), System.out))
                .hasMessage("unknown command 'down'");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = StressCli.run(new String[]{"up", "--agents"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--agents needs a value", "usage: ./stress up");
    }

    @Test
    void aBadConfigFileIsRefusedLineByLineBeforeAnythingStarts(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        Path bad = java.nio.file.Files.writeString(dir.resolve("stress_cycles.yaml"), """
                phases:
                  - phase: 1
                    name: "Light Load"
                    min_load_percent: 10.0
                    max_load_percent: 250
                    duration_seconds: -5
                    cpu_weight: 1.0
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long started = System.nanoTime();
        int code = StressCli.run(new String[]{"up", "--config", bad.toString(), "--work-dir", dir.resolve("run").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(10));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(
                bad + ": line 5, column 23, field 'phases[0].max_load_percent': max_load_percent must be between 0 and 100, was 250",
                bad + ": line 6, column 23, field 'phases[0].duration_seconds': duration_seconds must be > 0, was -5",
                "nothing was started").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Starting");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void theSeedsExampleFilePassesTheCheck() {
        assertThat(StressCli.planIsValid(Path.of("../stress-plan/src/test/resources/seed_stress_cycles.yaml"), System.err))
                .isTrue();
    }
}
