package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pipeline CLI against the real orchestrator and the rest of the system: exit codes and the JUnit report. */
class StressctlAgainstTheSystemTest {
    private static JsonNode originalRules;

    record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeAll
    static void recordSafetyRules() {
        originalRules = Scenarios.safetyRules();
    }

    @BeforeEach
    void systemIsHealthy() {
        Scenarios.awaitHealthy(originalRules);
    }

    @Test
    void quickTestWaitsForTheCycleExitsZeroAndReportsJunit() throws Exception {
        Run quick = stressctl("quick", "--target-load", "20", "--duration", "3", "--wait", "--timeout", "60");

        assertThat(quick.exitCode()).as(quick.stdout() + quick.stderr()).isZero();
        assertThat(quick.stdout()).contains("completed");

        Run report = stressctl("report", "latest", "--format", "junit");
        assertThat(report.exitCode()).as(report.stderr()).isZero();
        assertThat(report.stdout()).contains("<testsuites", "<testsuite", "<testcase").doesNotContain("<failure");
    }

    @Test
    void aCycleAbortedBySafetyExitsTwoWithAFailingJunitSuite() throws Exception {
        Process start = process("start", "--phases", "heavy", "--wait", "--timeout", "90");
        await().atMost(Duration.ofSeconds(30)).until(Scenarios::isRunning);

        Http.Response put = Http.put(SystemStack.safety() + "/safety/thresholds",
                "{\"rules\":[{\"id\":\"cli-trip\",\"metric\":\"process_count\",\"limit\":0,\"action\":\"stop\",\"source_kind\":\"host\"}]}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        assertThat(start.waitFor(60, TimeUnit.SECONDS)).as("stressctl start --wait returned").isTrue();
        String out = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(start.exitValue()).as(out).isEqualTo(2);

        Run report = stressctl("report", "latest", "--format", "junit");
        assertThat(report.stdout()).contains("<failure", "safety");
    }

    @Test
    void badInputIsOneClearLineAndExitOne() throws Exception {
        Run run = stressctl("adjust", "--phase", "ludicrous", "--target-load", "50");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr().strip().lines()).hasSize(1);
        assertThat(run.stderr()).contains("ludicrous");
    }

    private static Run stressctl(String... args) throws IOException, InterruptedException {
        Process process = process(args);
        byte[] stdout = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stderr = Files.readString(errFile);
        return new Run(process.exitValue(), new String(stdout, StandardCharsets.UTF_8), stderr);
    }

    private static Path errFile;

    private static Process process(String... args) throws IOException {
        Path home = Path.of(System.getProperty("stress.home", "..")).toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", home.resolve("stressctl-cli/target/stressctl.jar").toString(),
                "--url", SystemStack.orchestrator()));
        command.addAll(List.of(args));
        errFile = Files.createTempFile("stressctl-", ".err");
        return new ProcessBuilder(command).redirectError(errFile.toFile()).start();
    }
}
