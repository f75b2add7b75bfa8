package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Options shared by commands that start a cycle: wait for the hosts to be fit and then for the cycle, exit with its
 * verdict, and stop it gracefully when the wait ends first (interrupted, timed out) unless {@code --detach}.
 */
final class WaitOptions {

    @Option(names = "--wait", description = "Wait for the hosts to be fit (see --fit-timeout), start, follow the cycle "
            + "until it ends; exit 0 if it completed, 3 if it ran under its target, 2 if safety aborted it, 1 otherwise.")
    boolean wait;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "With --wait: give up (exit 1) after this many seconds of the cycle; 0 waits forever "
                    + "(default). The cycle is stopped gracefully unless --detach.")
    long timeoutSeconds;

    @Option(names = "--fit-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "With --wait: wait up to this long for the hosts to be fit (pre-flight passed, agents "
                    + "present), printing why (default ${DEFAULT-VALUE}); 0 does not wait.")
    long fitTimeoutSeconds;

    @Option(names = "--detach", description = "With --wait: leave the cycle running when stressctl is interrupted "
            + "(SIGINT, SIGTERM) or reaches --timeout; by default it is stopped gracefully (POST /cycle/stop).")
    boolean detach;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "With --wait: also write the cycle's report as JUnit XML to FILE.")
    Path junitFile;

    @Option(names = "--poll-interval", paramLabel = "MILLIS", defaultValue = "1000", hidden = true,
            description = "How often --wait polls GET /status (and pauses between fit checks).")
    long pollMillis;

    /** POSTs the start to {@code path}; with --wait first waits for fit, then follows the cycle to its verdict. */
    int start(StressCtl root, OrchestratorClient client, String path, ObjectNode body) {
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("--timeout must be 0 or more seconds, got " + timeoutSeconds);
        }
        if (fitTimeoutSeconds < 0) {
            throw new IllegalArgumentException("--fit-timeout must be 0 or more seconds, got " + fitTimeoutSeconds);
        }
        if (pollMillis <= 0) {
            throw new IllegalArgumentException("--poll-interval must be positive, got " + pollMillis);
        }
        JsonNode accepted = wait && fitTimeoutSeconds > 0
                ? new FitWaiter(client, root.out(), root.clock(), Duration.ofSeconds(fitTimeoutSeconds),
                Duration.ofMillis(pollMillis)).start(path, body)
                : client.post(path, body);
        String cycleId = Fields.text(accepted, "cycle_id");
        if (cycleId == null) {
            throw new OrchestratorException("the orchestrator accepted the cycle but sent no cycle_id: " + accepted, 0);
        }
        root.out().println("cycle " + cycleId + " started");
        for (JsonNode warning : Fields.array(accepted, "warnings")) {
            root.err().println("stressctl: warning: " + Fields.text(warning, "detail"));
        }
        if (!wait) {
            return CycleVerdict.COMPLETED;
        }
        CycleStopper stopper = new CycleStopper(client, root.err(), cycleId);
        if (!detach) {
            root.hooks().add(stopper);
        }
        JsonNode report;
        try {
            report = new CycleWatcher(client, root.out(), root.terminal(), Duration.ofMillis(pollMillis),
                    Duration.ofSeconds(timeoutSeconds), root.clock(), detach ? null : stopper).awaitReport(cycleId);
        } finally {
            if (!detach) {
                root.hooks().remove(stopper);
            }
        }
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
