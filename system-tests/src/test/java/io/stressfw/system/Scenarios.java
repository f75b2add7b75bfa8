package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.launcher.ServiceProcess;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Steps the scenarios on the loopback stack ({@link SystemStack}) share. */
final class Scenarios {
    private static final ControlPlane CONTROL = new ControlPlane(SystemStack::orchestrator, SystemStack::safety,
            SystemStack::initialRules);

    private Scenarios() {
    }

    /**
     * Starts a cycle as a client should: letting the orchestrator wait up to 30 s for the hosts to be fit (the build
     * beside the tests may hold the CPU over its limit for a while).
     */
    static String startCycle(String... phases) {
        return CONTROL.startCycle(phases);
    }

    /** A cycle of these phases run to completion ({@link ControlPlane#runToCompletion}); its report. */
    static JsonNode runToCompletion(Duration timeout, String... phases) {
        return CONTROL.runToCompletion(timeout, phases);
    }

    /** Waits a fixed time: only for pacing a retry or a poll, never for a condition. */
    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean cycleEnded(String cycleId) {
        return CONTROL.cycleEnded(cycleId);
    }

    static void awaitHold(String cycleId, Duration timeout) {
        CONTROL.awaitHold(cycleId, timeout);
    }

    static JsonNode awaitCycleEnd(String cycleId, Duration timeout) {
        return CONTROL.awaitCycleEnd(cycleId, timeout);
    }

    /** No cycle runs (a previous scenario's cycle is stopped if need be). */
    static void awaitIdle() {
        CONTROL.awaitIdle();
    }

    static boolean isActive(JsonNode status) {
        return ControlPlane.isActive(status);
    }

    static boolean isRunning() {
        return CONTROL.isRunning();
    }

    /** Safety back to the rules the stack started with, every breaker closed. */
    static void resetSafety() {
        CONTROL.resetSafety();
    }

    /** Closes every breaker that is not closed, as an operator would. */
    static void resetOpenBreakers() {
        CONTROL.resetOpenBreakers();
    }

    /** Every process back, no cycle running, safety at the rules the stack started with and fit for a start. */
    static void awaitHealthy() {
        SystemStack.heal();
        CONTROL.awaitReadyForACycle();
    }

    /** A restarted safety-service needs fresh host samples before its pre-flight passes; an operator would retry. */
    static void awaitPreflightFit() {
        CONTROL.awaitPreflightFit();
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
