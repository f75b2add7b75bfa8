package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator does through the orchestrator's and safety-service's APIs, for one stack: start cycles, wait for
 * their end, stop what runs, put safety back to its first rules and close its breakers. The loopback stack
 * ({@link SystemStack}, through {@link Scenarios}) and the stack across network hosts ({@link HostsStack}) each have
 * one.
 */
final class ControlPlane {
    private final Supplier<String> orchestrator;
    private final Supplier<String> safety;
    private final Supplier<JsonNode> initialRules;

    /** Suppliers, so that a stack started lazily is started by the first step that needs it. */
    ControlPlane(Supplier<String> orchestrator, Supplier<String> safety, Supplier<JsonNode> initialRules) {
        this.orchestrator = orchestrator;
        this.safety = safety;
        this.initialRules = initialRules;
    }

    String orchestrator() {
        return orchestrator.get();
    }

    String safety() {
        return safety.get();
    }

    /**
     * Starts a cycle as a client should: letting the orchestrator wait up to 30 s for the hosts to be fit (the build
     * beside the tests may hold the CPU over its limit for a while).
     */
    String startCycle(String... phases) {
        return start(Arrays.stream(phases).map(p -> "\"" + p + "\"")
                .collect(Collectors.joining(",", "{\"wait_for_fit\":30,\"phases\":[", "]}")));
    }

    /** Starts a cycle of a plan of its own (YAML, sent as the request's {@code plan}), as {@link #startCycle} does. */
    String startPlan(String yaml) {
        return start("{\"wait_for_fit\":30,\"plan\":" + Http.JSON.valueToTree(yaml) + "}");
    }

    private String start(String body) {
        Http.Response response = Http.post(orchestrator() + "/cycle/start", body);
        // Starts are rate-limited (5 per 10 s); a client that meets 429 waits and retries, as the answer says.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (response.status() == 429 && System.nanoTime() - deadline < 0) {
            Scenarios.pause(Duration.ofSeconds(1));
            response = Http.post(orchestrator() + "/cycle/start", body);
        }
        assertThat(response.status()).as("start answered: " + response.body()).isEqualTo(202);
        return response.json().path("cycle_id").asText();
    }

    /**
     * Runs a cycle of these phases to its end and asserts that it completed. The tests share the machine with the build,
     * whose load (with the hypervisor's steal) can hold the host over a phase's CPU limit: safety then stops the cycle,
     * rightly, and that says nothing of what a scenario checks. Such a cycle is run again as an operator would after
     * another tenant's burst (breakers reset, pre-flight passed), at most twice; any other end fails at once.
     */
    JsonNode runToCompletion(Duration timeout, String... phases) {
        List<String> stoppedByTheHostsCpu = new ArrayList<>();
        while (true) {
            JsonNode report = awaitCycleEnd(startCycle(phases), timeout);
            if (!stoppedByTheHostsCpu(report) || stoppedByTheHostsCpu.size() == 2) {
                assertThat(report.path("outcome").asText())
                        .as("%s (earlier runs stopped by the host's CPU: %s)", report, stoppedByTheHostsCpu)
                        .isEqualTo("completed");
                return report;
            }
            System.out.printf("cycle %s stopped by the host's CPU, run again: %s%n", report.path("cycle_id").asText(),
                    report.path("reason").asText());
            stoppedByTheHostsCpu.add(report.path("reason").asText());
            resetOpenBreakers();
            awaitPreflightFit();
        }
    }

    /** Aborted by safety, and every violation that asked for a stop was on the CPU's usage. */
    static boolean stoppedByTheHostsCpu(JsonNode report) {
        if (!"aborted".equals(report.path("outcome").asText()) || !"safety".equals(report.path("aborted_by").asText())) {
            return false;
        }
        boolean cpu = false;
        for (JsonNode violation : report.path("violations")) {
            if ("stop".equals(violation.path("action").asText())) {
                if (!"cpu_usage".equals(violation.path("metric").asText())) {
                    return false;
                }
                cpu = true;
            }
        }
        return cpu;
    }

    boolean cycleEnded(String cycleId) {
        Http.Response response = Http.get(orchestrator() + "/cycles/" + cycleId);
        return response.status() == 200 && !response.json().path("ended_at_ms").isNull()
                && !response.json().path("ended_at_ms").isMissingNode();
    }

    /**
     * Waits for the cycle's current phase to hold; a cycle that ended first fails at once with its report (why it
     * stopped), not after the timeout with nothing to go on.
     */
    void awaitHold(String cycleId, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                JsonNode status = Http.getJson(orchestrator() + "/status");
                if (cycleId.equals(status.path("cycle_id").asText()) && "hold".equals(status.path("stage").asText())) {
                    return true;
                }
                if (!cycleEnded(cycleId)) {
                    return false;
                }
            } catch (RuntimeException unreachable) {
                return false;
            }
            throw new AssertionError("cycle " + cycleId + " ended before it held: "
                    + Http.getJson(orchestrator() + "/cycles/" + cycleId));
        });
    }

    JsonNode awaitCycleEnd(String cycleId, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> cycleEnded(cycleId));
        return Http.getJson(orchestrator() + "/cycles/" + cycleId);
    }

    /** No cycle runs (a previous scenario's cycle is stopped if need be). */
    void awaitIdle() {
        JsonNode status = Http.getJson(orchestrator() + "/status");
        if (isActive(status)) {
            Http.post(orchestrator() + "/emergency/stop", "{}");
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> !isActive(Http.getJson(orchestrator() + "/status")));
    }

    static boolean isActive(JsonNode status) {
        String state = status.path("state").asText();
        return state.equals("running") || state.equals("stopping");
    }

    boolean isRunning() {
        return "running".equals(Http.getJson(orchestrator() + "/status").path("state").asText());
    }

    /** Safety back to the rules the stack started with, every breaker closed. */
    void resetSafety() {
        Http.Response put = Http.put(safety() + "/safety/thresholds", "{\"rules\":" + initialRules.get().toString() + "}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        resetOpenBreakers();
    }

    /** Closes every breaker that is not closed, as an operator would. */
    void resetOpenBreakers() {
        for (JsonNode breaker : Http.getJson(safety() + "/safety/breakers")) {
            if (!"closed".equals(breaker.path("state").asText())) {
                Http.post(safety() + "/safety/breakers/" + breaker.path("breaker_id").asText() + "/reset", "");
            }
        }
    }

    /**
     * No cycle running, safety at the rules the stack started with and fit for a start. Breakers are reset in the
     * same loop as the pre-flight check: one may open just after a listing (a source that went stale while a process
     * restarted), and an operator would reset it and retry.
     */
    void awaitReadyForACycle() {
        awaitIdle();
        resetSafety();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                Http.getJson(orchestrator() + "/status").path("safety_online").asBoolean());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            resetOpenBreakers();
            return preflightFit();
        });
    }

    /** A restarted safety-service needs fresh host samples before its pre-flight passes; an operator would retry. */
    void awaitPreflightFit() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(this::preflightFit);
    }

    boolean preflightFit() {
        return Http.post(safety() + "/safety/preflight", "{}").json().path("fit").asBoolean();
    }
}
