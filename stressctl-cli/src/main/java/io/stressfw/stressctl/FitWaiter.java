package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Starts a cycle once the hosts are fit, waiting at most {@code fitTimeout}: each start asks the orchestrator to wait
 * for fit itself ({@code wait_for_fit}) in slices of {@value #SLICE_SECONDS} s, so that between two slices the CLI
 * prints why it is still waiting (the failed pre-flight checks, too few agents, safety offline, a previous cycle still
 * ramping down after a stop). Any other refusal (a cycle running, a bad request) ends the wait at once.
 */
final class FitWaiter {
    static final long SLICE_SECONDS = 5;

    private final OrchestratorClient client;
    private final PrintStream out;
    private final CliClock clock;
    private final Duration fitTimeout;
    private final Duration pause;

    FitWaiter(OrchestratorClient client, PrintStream out, CliClock clock, Duration fitTimeout, Duration pause) {
        this.client = Objects.requireNonNull(client);
        this.out = Objects.requireNonNull(out);
        this.clock = Objects.requireNonNull(clock);
        this.fitTimeout = Objects.requireNonNull(fitTimeout);
        this.pause = Objects.requireNonNull(pause);
    }

    /** POSTs {@code body} to {@code path} until it is accepted or the hosts stayed unfit for the whole timeout. */
    JsonNode start(String path, ObjectNode body) {
        long startNanos = clock.nanoTime();
        List<String> lastReasons = null;
        while (true) {
            long remainingMillis = fitTimeout.toMillis() - (clock.nanoTime() - startNanos) / 1_000_000;
            body.put("wait_for_fit", Math.max(0, Math.min(SLICE_SECONDS * 1000, remainingMillis)) / 1000.0);
            try {
                JsonNode accepted = client.post(path, body);
                List<String> waitedFor = Fields.array(accepted.path("preflight"), "waited_for").stream()
                        .map(JsonNode::asText).toList();
                if (lastReasons != null || !waitedFor.isEmpty()) {
                    out.println("hosts fit" + (waitedFor.isEmpty() ? "" : " (the orchestrator waited for: "
                            + String.join("; ", waitedFor) + ")"));
                }
                return accepted;
            } catch (OrchestratorException e) {
                boolean unfit = unfit(e);
                if (!(unfit || e.status() == 429) || remainingMillis <= 0) {
                    throw e;
                }
                List<String> reasons = unfit ? e.errors() : List.of("start requests are rate-limited");
                if (lastReasons == null || !sameKind(reasons, lastReasons)) {
                    out.println((lastReasons == null ? "waiting up to " + fitTimeout.toSeconds() + " s for the hosts to be fit: "
                            : "still waiting for the hosts to be fit: ") + String.join("; ", reasons));
                    lastReasons = reasons;
                }
                sleep(e.retryAfterSeconds() > 0 ? Duration.ofSeconds(e.retryAfterSeconds()) : pause);
            }
        }
    }

    /**
     * Whether two refusals say the same but for their numbers ("ramping down, 19 s left", then "18 s left"): a wait
     * prints a line when what it waits for changes, not every second.
     */
    static boolean sameKind(List<String> reasons, List<String> previous) {
        return withoutNumbers(reasons).equals(withoutNumbers(previous));
    }

    private static List<String> withoutNumbers(List<String> reasons) {
        return reasons.stream().map(r -> r.replaceAll("\\d+(\\.\\d+)?", "#")).toList();
    }

    /** A refusal that waiting can cure: only agents, safety liveness, pre-flight checks or a stopping cycle. */
    static boolean unfit(OrchestratorException e) {
        if ((e.status() != 409 && e.status() != 503) || e.fields().isEmpty()) {
            return false;
        }
        return e.fields().stream().allMatch(f -> f.equals("agents") || f.equals("override_safety")
                || f.equals("preflight") || f.startsWith("preflight.") || f.equals("previous_cycle"));
    }

    private void sleep(Duration duration) {
        try {
            clock.sleep(duration);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new OrchestratorException("interrupted while waiting for the hosts to be fit", ex);
        }
    }
}
