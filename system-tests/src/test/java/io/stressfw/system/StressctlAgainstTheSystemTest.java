package io.stressfw.system;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
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
    record Run(int exitCode, String stdout, String stderr) {
    }

    /** A stressctl process whose output goes to files, so that waiting for it never depends on reading it. */
    record Started(Process process, Path out, Path err) {
        Run await(Duration timeout) throws IOException, InterruptedException {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("stressctl did not exit within " + timeout + "; output: "
                            + Files.readString(out) + Files.readString(err));
                }
                return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
    }

    @BeforeEach
    void systemIsHealthy() {
        Scenarios.awaitHealthy();
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
        Started start = process("start", "--phases", "extreme", "--wait", "--timeout", "90");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(Scenarios::isRunning);

        Http.Response put = Http.put(SystemStack.safety() + "/safety/thresholds",
                "{\"rules\":[{\"id\":\"cli-trip\",\"metric\":\"process_count\",\"limit\":0,\"action\":\"stop\",\"source_kind\":\"host\"}]}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        Run started = start.await(Duration.ofSeconds(60));
        assertThat(started.exitCode()).as(started.stdout() + started.stderr()).isEqualTo(2);

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
        return process(args).await(Duration.ofSeconds(120));
    }

    private static Started process(String... args) throws IOException {
        Path home = Path.of(System.getProperty("stress.home", "..")).toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", home.resolve("stressctl-cli/target/stressctl.jar").toString(),
                "--url", SystemStack.orchestrator()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("stressctl-", ".out");
        Path err = Files.createTempFile("stressctl-", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Started(process, out, err);
    }
}
