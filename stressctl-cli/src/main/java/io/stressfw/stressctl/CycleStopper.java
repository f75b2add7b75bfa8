package io.stressfw.stressctl;

import java.io.PrintStream;
import java.util.Objects;

/**
 * Stops a followed cycle gracefully (POST /cycle/stop: ramp down, then stop the agents) when {@code --wait} ends
 * before the cycle does: on SIGINT/SIGTERM (as a JVM shutdown hook) or at {@code --timeout}. A cancelled pipeline
 * must not leave load running. Runs at most once; a cycle that has already ended (409) is fine.
 */
final class CycleStopper extends Thread {
    private final OrchestratorClient client;
    private final PrintStream err;
    private final String cycleId;
    private boolean ran;

    CycleStopper(OrchestratorClient client, PrintStream err, String cycleId) {
        super("stressctl-stop-cycle");
        this.client = Objects.requireNonNull(client);
        this.err = Objects.requireNonNull(err);
        this.cycleId = Objects.requireNonNull(cycleId);
    }

    /** On SIGINT/SIGTERM: the JVM runs this while it shuts down. */
    @Override
    public void run() {
        stopCycle("interrupted");
    }

    /** Asks the orchestrator to stop the cycle gracefully, saying why; true when the request went through. */
    synchronized boolean stopCycle(String why) {
        if (ran) {
            return true;
        }
        ran = true;
        err.println("stressctl: " + why + ": stopping cycle " + cycleId + " gracefully (POST /cycle/stop)");
        err.flush();
        try {
            client.post("/cycle/stop", null);
            return true;
        } catch (OrchestratorException e) {
            if (e.status() == 409) {
                return true;
            }
            err.println("stressctl: could not stop cycle " + cycleId + ": " + e.getMessage());
            err.flush();
            return false;
        }
    }
}
