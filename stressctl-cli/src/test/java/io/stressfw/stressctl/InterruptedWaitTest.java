package io.stressfw.stressctl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stressctl start --wait} as its own process, stopped by a real SIGTERM (what a CI runner sends when a job is
 * cancelled; SIGINT runs the same JVM shutdown hooks): the cycle it follows is stopped gracefully, unless
 * {@code --detach}.
 */
class InterruptedWaitTest {
    private final FakeOrchestrator orchestrator = new FakeOrchestrator();
    private Process process;

    @AfterEach
    void cleanUp() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        orchestrator.close();
    }

    private Process stressctl(Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StressCtl.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--url", orchestrator.url()));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    }

    private void followingTheCycle() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (orchestrator.requests("GET", "/status").size() < 2) {
            assertThat(System.nanoTime() - deadline).as("stressctl never polled the status").isNegative();
            assertThat(process.isAlive()).as("stressctl exited early").isTrue();
            Thread.sleep(50);
        }
    }

    @Test
    void sigtermStopsTheFollowedCycleGracefully() throws Exception {
        orchestrator.onJson("POST", "/cycle/start", 202, "{\"cycle_id\":\"c-0001\"}")
                .on("GET", "/status", 200, "status-light")
                .onJson("POST", "/cycle/stop", 202, "{\"cycle_id\":\"c-0001\",\"state\":\"stopping\"}");
        Path err = Files.createTempFile("stressctl-", ".err");

        process = stressctl(err, "start", "--phases", "light", "--wait", "--poll-interval", "100");
        followingTheCycle();
        process.destroy();

        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("the JVM's exit code for SIGTERM").isEqualTo(143);
        assertThat(orchestrator.requests("POST", "/cycle/stop")).hasSize(1);
        assertThat(Files.readString(err)).contains("interrupted: stopping cycle c-0001 gracefully (POST /cycle/stop)");
        Files.deleteIfExists(err);
    }

    @Test
    void withDetachASignalLeavesTheCycleRunning() throws Exception {
        orchestrator.onJson("POST", "/cycle/start", 202, "{\"cycle_id\":\"c-0001\"}")
                .on("GET", "/status", 200, "status-light");
        Path err = Files.createTempFile("stressctl-", ".err");

        process = stressctl(err, "start", "--phases", "light", "--wait", "--detach", "--poll-interval", "100");
        followingTheCycle();
        process.destroy();

        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(orchestrator.requests("POST", "/cycle/stop")).isEmpty();
        Files.deleteIfExists(err);
    }
}
