package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Follows one cycle by polling GET /status until the cycle has ended, printing progress, then returns its report
 * (GET /cycles/{id}). Polling rather than the WebSocket keeps the CLI a plain HTTP client that works through any
 * proxy a pipeline sits behind; one request per interval is negligible for the orchestrator.
 */
final class CycleWatcher {

    /** States in which the orchestrator is certainly not running the cycle any more. */
    private static final Set<String> IDLE_STATES =
            Set.of("idle", "completed", "aborted", "interrupted", "stopped", "failed", "emergency_stopped");
    private static final Duration PLAIN_LINE_EVERY = Duration.ofSeconds(5);
    /** How long the orchestrator may be unreachable (a restart) before waiting gives up. */
    private static final Duration UNREACHABLE_LIMIT = Duration.ofSeconds(30);

    private final OrchestratorClient client;
    private final PrintStream out;
    private final boolean terminal;
    private final Duration pollInterval;
    private final Duration timeout;
    private final CliClock clock;
    private final CycleStopper stopAtTimeout;

    /** {@code stopAtTimeout}: stops the cycle when the timeout is reached; null leaves it running (--detach). */
    CycleWatcher(OrchestratorClient client, PrintStream out, boolean terminal, Duration pollInterval,
                 Duration timeout, CliClock clock, CycleStopper stopAtTimeout) {
        this.client = Objects.requireNonNull(client);
        this.out = Objects.requireNonNull(out);
        this.terminal = terminal;
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
        }
        this.pollInterval = pollInterval;
        this.timeout = Objects.requireNonNull(timeout);
        this.clock = Objects.requireNonNull(clock);
        this.stopAtTimeout = stopAtTimeout;
    }

    JsonNode awaitReport(String cycleId) {
        long startNanos = clock.nanoTime();
        boolean unreachable = false;
        long unreachableSince = 0;
        String lastPhase = null;
        boolean plainLinePrinted = false;
        long lastPlainLineNanos = 0;
        int barLength = 0;
        while (true) {
            if (!timeout.isZero() && clock.nanoTime() - startNanos > timeout.toNanos()) {
                endBar(barLength);
                String still = "cycle " + cycleId + " still running after --timeout " + timeout.toSeconds() + " s";
                if (stopAtTimeout == null) {
                    throw new OrchestratorException(still + "; it keeps running (--detach; stop it with `stressctl stop`)", 0);
                }
                throw new OrchestratorException(still + (stopAtTimeout.stopCycle("--timeout reached")
                        ? "; asked the orchestrator to stop it gracefully" : "; stopping it failed"), 0);
            }
            try {
                JsonNode status = client.get("/status");
                unreachable = false;
                if (runs(status, cycleId)) {
                    String phase = Fields.text(status, "current_phase");
                    boolean phaseChanged = !Objects.equals(phase, lastPhase);
                    if (terminal) {
                        if (phaseChanged && lastPhase != null) {
                            endBar(barLength);
                            barLength = 0;
                        }
                        String line = ProgressFormatter.withBar(status);
                        out.print("\r" + line + " ".repeat(Math.max(0, barLength - line.length())));
                        out.flush();
                        barLength = line.length();
                    } else if (phaseChanged || !plainLinePrinted
                            || clock.nanoTime() - lastPlainLineNanos >= PLAIN_LINE_EVERY.toNanos()) {
                        out.println(ProgressFormatter.plain(status));
                        plainLinePrinted = true;
                        lastPlainLineNanos = clock.nanoTime();
                    }
                    lastPhase = phase;
                } else {
                    JsonNode report = reportIfFinal(cycleId);
                    if (report != null) {
                        endBar(barLength);
                        return report;
                    }
                }
            } catch (OrchestratorException e) {
                if (e.status() != 0) {
                    endBar(barLength);
                    throw e;
                }
                long now = clock.nanoTime();
                if (!unreachable) {
                    unreachable = true;
                    unreachableSince = now;
                } else if (now - unreachableSince > UNREACHABLE_LIMIT.toNanos()) {
                    endBar(barLength);
                    throw e;
                }
            }
            sleep();
        }
    }

    private boolean runs(JsonNode status, String cycleId) {
        String state = Fields.text(status, "state");
        return cycleId.equals(Fields.text(status, "cycle_id"))
                && (state == null || !IDLE_STATES.contains(state.toLowerCase(Locale.ROOT)));
    }

    private JsonNode reportIfFinal(String cycleId) {
        try {
            JsonNode report = client.get("/cycles/" + cycleId);
            return CycleVerdict.isFinal(report) ? report : null;
        } catch (OrchestratorException e) {
            // The history is written when the cycle ends; a 404 just before that is expected.
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    private void endBar(int barLength) {
        if (terminal && barLength > 0) {
            out.println();
        }
    }

    private void sleep() {
        try {
            clock.sleep(pollInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrchestratorException("interrupted while waiting for the cycle", e);
        }
    }
}
