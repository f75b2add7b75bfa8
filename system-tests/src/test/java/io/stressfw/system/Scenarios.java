package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.launcher.ServiceProcess;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Steps the scenarios share. */
final class Scenarios {
    private Scenarios() {
    }

    /**
     * Starts a cycle as a client should: letting the orchestrator wait up to 30 s for the hosts to be fit (the build
     * beside the tests may hold the CPU over its limit for a while).
     */
    static String startCycle(String... phases) {
        String body = Arrays.stream(phases).map(p -> "\"" + p + "\"")
                .collect(Collectors.joining(",", "{\"wait_for_fit\":30,\"phases\":[", "]}"));
        Http.Response response = Http.post(SystemStack.orchestrator() + "/cycle/start", body);
        // Starts are rate-limited (5 per 10 s); a client that meets 429 waits and retries, as the answer says.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (response.status() == 429 && System.nanoTime() - deadline < 0) {
            sleep(Duration.ofSeconds(1));
            response = Http.post(SystemStack.orchestrator() + "/cycle/start", body);
        }
        assertThat(response.status()).as("start answered: " + response.body()).isEqualTo(202);
        return response.json().path("cycle_id").asText();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean cycleEnded(String cycleId) {
        Http.Response response = Http.get(SystemStack.orchestrator() + "/cycles/" + cycleId);
        return response.status() == 200 && !response.json().path("ended_at_ms").isNull()
                && !response.json().path("ended_at_ms").isMissingNode();
    }

    static JsonNode awaitCycleEnd(String cycleId, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> cycleEnded(cycleId));
        return Http.getJson(SystemStack.orchestrator() + "/cycles/" + cycleId);
    }

    /** No cycle runs (a previous scenario's cycle is stopped if need be). */
    static void awaitIdle() {
        JsonNode status = Http.getJson(SystemStack.orchestrator() + "/status");
        if (isActive(status)) {
            Http.post(SystemStack.orchestrator() + "/emergency/stop", "{}");
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> !isActive(Http.getJson(SystemStack.orchestrator() + "/status")));
    }

    static boolean isActive(JsonNode status) {
        String state = status.path("state").asText();
        return state.equals("running") || state.equals("stopping");
    }

    static boolean isRunning() {
        return "running".equals(Http.getJson(SystemStack.orchestrator() + "/status").path("state").asText());
    }

    /** Safety back to the rules the stack started with, every breaker closed. */
    static void resetSafety() {
        Http.Response put = Http.put(SystemStack.safety() + "/safety/thresholds",
                "{\"rules\":" + SystemStack.initialRules().toString() + "}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        resetOpenBreakers();
    }

    /** Closes every breaker that is not closed, as an operator would. */
    static void resetOpenBreakers() {
        for (JsonNode breaker : Http.getJson(SystemStack.safety() + "/safety/breakers")) {
            if (!"closed".equals(breaker.path("state").asText())) {
                Http.post(SystemStack.safety() + "/safety/breakers/" + breaker.path("breaker_id").asText() + "/reset", "");
            }
        }
    }

    /**
     * Every process back, no cycle running, safety at the rules the stack started with and fit for a start. Breakers
     * are reset in the same loop as the pre-flight check: one may open just after a listing (a source that went stale
     * while a process restarted), and an operator would reset it and retry.
     */
    static void awaitHealthy() {
        SystemStack.heal();
        awaitIdle();
        resetSafety();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                Http.getJson(SystemStack.orchestrator() + "/status").path("safety_online").asBoolean());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            resetOpenBreakers();
            return preflightFit();
        });
    }

    /** A restarted safety-service needs fresh host samples before its pre-flight passes; an operator would retry. */
    static void awaitPreflightFit() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(Scenarios::preflightFit);
    }

    private static boolean preflightFit() {
        return Http.post(SystemStack.safety() + "/safety/preflight", "{}").json().path("fit").asBoolean();
    }

    static boolean agentIdle(ServiceProcess agent) {
        JsonNode generators = SystemStack.agentStatus(agent).path("generators");
        for (JsonNode generator : generators) {
            if (generator.path("target_percent").asDouble() > 0) {
                return false;
            }
        }
        return true;
    }

    /** After a stop: no generator thread, scratch file, socket or memory left behind in any live agent. */
    static void assertAgentsReleasedEverything() {
        for (ServiceProcess agent : SystemStack.agents()) {
            if (!agent.isAlive()) {
                continue;
            }
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
                JsonNode resources = SystemStack.agentStatus(agent).path("resources");
                assertThat(resources.path("generator_threads").asInt()).as(agent.name() + " threads").isZero();
                assertThat(resources.path("scratch_files").asInt()).as(agent.name() + " scratch files").isZero();
                assertThat(resources.path("open_connections").asInt()).as(agent.name() + " connections").isZero();
                assertThat(resources.path("allocated_memory_mb").asDouble()).as(agent.name() + " memory").isZero();
            });
        }
    }
}
