package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Options shared by commands that start a cycle: wait for it, then exit with its verdict. */
final class WaitOptions {

    @Option(names = "--wait", description = "Follow the cycle until it ends; exit 0 if it completed, "
            + "2 if safety aborted it, 1 otherwise.")
    boolean wait;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "With --wait: give up (exit 1) after this many seconds; 0 waits forever (default).")
    long timeoutSeconds;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "With --wait: also write the cycle's report as JUnit XML to FILE.")
    Path junitFile;

    @Option(names = "--poll-interval", paramLabel = "MILLIS", defaultValue = "1000", hidden = true,
            description = "How often --wait polls GET /status.")
    long pollMillis;

    /** Prints the started cycle; with --wait follows it and returns the verdict's exit code. */
    int afterStart(StressCtl root, OrchestratorClient client, JsonNode accepted) {
        String cycleId = Fields.text(accepted, "cycle_id");
        if (cycleId == null) {
            throw new OrchestratorException("the orchestrator accepted the cycle but sent no cycle_id: " + accepted, 0);
        }
        root.out().println("cycle " + cycleId + " started");
        if (!wait) {
            return CycleVerdict.COMPLETED;
        }
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("--timeout must be 0 or more seconds, got " + timeoutSeconds);
        }
        if (pollMillis <= 0) {
            throw new IllegalArgumentException("--poll-interval must be positive, got " + pollMillis);
        }
        JsonNode report = new CycleWatcher(client, root.out(), root.terminal(), Duration.ofMillis(pollMillis),
                Duration.ofSeconds(timeoutSeconds), root.clock()).awaitReport(cycleId);
        CycleVerdict verdict = CycleVerdict.of(report);
        if (junitFile != null) {
            writeJunit(report);
        }
        (verdict.exitCode() == CycleVerdict.COMPLETED ? root.out() : root.err()).println(verdict.summary());
        return verdict.exitCode();
    }

    private void writeJunit(JsonNode report) {
        try {
            Path parent = junitFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(junitFile, JunitReport.toXml(List.of(report)));
        } catch (IOException e) {
            throw new OrchestratorException("cannot write --junit " + junitFile + ": " + e.getMessage(), e);
        }
    }
}
