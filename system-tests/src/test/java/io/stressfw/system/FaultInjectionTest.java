package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.kafka.EmbeddedKafkaBroker;
import io.stressfw.launcher.LocalStack;
import io.stressfw.launcher.ServiceProcess;
import io.stressfw.model.DeadLetter;
import io.stressfw.model.Topics;
import io.stressfw.model.WireCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The system under faults, with the real processes: each scenario breaks something mid-cycle and checks that
 * control is never lost and nothing is left behind.
 */
class FaultInjectionTest {
    /** The agents' lease is 5 s; they must be at zero within it plus one sample period of slack. */
    private static final Duration LEASE_AND_SLACK = Duration.ofSeconds(8);
    @BeforeEach
    void systemIsHealthy() {
        Scenarios.awaitHealthy();
    }

    @AfterEach
    void nothingLeftBehind() {
        SystemStack.heal();
        Scenarios.awaitIdle();
        Scenarios.assertAgentsReleasedEverything();
    }

    @Test
    void thresholdTrippedMidCycleStopsEveryAgentAndAbortsTheCycle() {
        String cycleId = startLongCycle();

        Http.Response put = Http.put(SystemStack.safety() + "/safety/thresholds",
                "{\"rules\":[{\"id\":\"trip-processes\",\"metric\":\"process_count\",\"limit\":0,\"action\":\"stop\",\"source_kind\":\"host\"}]}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        JsonNode report = Scenarios.awaitCycleEnd(cycleId, Duration.ofSeconds(20));
        assertThat(report.path("outcome").asText()).isEqualTo("aborted");
        assertThat(report.path("aborted_by").asText()).isEqualTo("safety");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(this::everyAgentAtZero);
        assertThat(Http.getJson(SystemStack.safety() + "/safety/violations").findValuesAsText("rule_id")).contains("trip-processes");
        assertThat(Http.getJson(SystemStack.safety() + "/safety/breakers").toString()).contains("trip-processes", "\"open\"");
    }

    @Test
    void orchestratorKilledMidCycleAgentsStopByThemselvesAndTheCycleShowsInterrupted() {
        String cycleId = startLongCycle();
        ServiceProcess orchestrator = SystemStack.get().service(LocalStack.ORCHESTRATOR);

        orchestrator.kill();

        await().atMost(LEASE_AND_SLACK).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(this::everyAgentAtZero);
        for (ServiceProcess agent : SystemStack.agents()) {
            assertThat(SystemStack.agentStatus(agent).path("last_stop_reason").asText()).containsIgnoringCase("lease");
        }

        JsonNode report = reportAfterARestart(orchestrator, cycleId);
        assertThat(report.path("outcome").asText()).isEqualTo("interrupted");
        // The restarted orchestrator announces the cycle's end: metrics-service stops sampling for it and safety-service
        // stops judging it, where both would otherwise hold it under way until the next cycle.
        awaitNoCycleUnderWayElsewhere();
    }

    @Test
    void orchestratorStoppedMidCycleStopsEveryAgentItselfAndAbortsTheCycle() {
        String cycleId = startLongCycle();
        ServiceProcess orchestrator = SystemStack.get().service(LocalStack.ORCHESTRATOR);

        orchestrator.terminate();

        // Told by the stopping orchestrator, not left to run out their lease: a rolling update of the orchestrator
        // ends the load at once and leaves a history that says why.
        await().atMost(LEASE_AND_SLACK).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(this::everyAgentAtZero);
        for (ServiceProcess agent : SystemStack.agents()) {
            assertThat(SystemStack.agentStatus(agent).path("last_stop_reason").asText())
                    .contains("stop command").contains("the orchestrator shut down while the cycle ran");
        }
        assertThat(orchestrator.awaitExit(Duration.ofSeconds(5))).as("the orchestrator ended by itself").isTrue();
        orchestrator.stop(Duration.ZERO);
        JsonNode report = reportAfterARestart(orchestrator, cycleId);
        assertThat(report.path("outcome").asText()).isEqualTo("aborted");
        assertThat(report.path("aborted_by").asText()).isEqualTo("orchestrator");
        assertThat(report.path("reason").asText()).isEqualTo("the orchestrator shut down while the cycle ran");
        awaitNoCycleUnderWayElsewhere();
    }

    private static JsonNode reportAfterARestart(ServiceProcess orchestrator, String cycleId) {
        orchestrator.start();
        orchestrator.awaitReady(Duration.ofSeconds(90));
        return Http.getJson(SystemStack.orchestrator() + "/cycles/" + cycleId);
    }

    private static void awaitNoCycleUnderWayElsewhere() {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(Http.getJson(SystemStack.metrics() + "/metrics/snapshot").path("current").path("cycle_id").isTextual())
                    .as("a cycle under way, as metrics-service sees it").isFalse();
            assertThat(Http.getJson(SystemStack.safety() + "/safety/thresholds").path("cycle").path("running").asBoolean())
                    .as("a cycle under way, as safety-service sees it").isFalse();
        });
    }

    @Test
    void safetyKilledTheOrchestratorStopsTheCycleAndRefusesNewOnesUntilItIsBack() {
        String cycleId = startLongCycle();
        ServiceProcess safety = SystemStack.get().service(LocalStack.SAFETY);

        safety.kill();

        JsonNode report = Scenarios.awaitCycleEnd(cycleId, Duration.ofSeconds(15));
        assertThat(report.path("outcome").asText()).isEqualTo("aborted");
        await().atMost(LEASE_AND_SLACK).ignoreExceptions().until(this::everyAgentAtZero);
        Http.Response refused = Http.post(SystemStack.orchestrator() + "/cycle/start", "{\"phases\":[\"light\"]}");
        assertThat(refused.status()).isBetween(400, 599);
        assertThat(refused.contentType()).startsWith("application/problem+json");

        safety.start();
        safety.awaitReady(Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                Http.getJson(SystemStack.orchestrator() + "/status").path("safety_online").asBoolean());
        Scenarios.awaitPreflightFit();
        String accepted = Scenarios.startCycle("light");
        assertThat(accepted).isNotBlank();
    }

    @Test
    void agentKilledSafetyRaisesAStaleSourceViolationAndTheOtherAgentStops() {
        String cycleId = startLongCycle();
        ServiceProcess victim = SystemStack.agents().get(1);
        ServiceProcess survivor = SystemStack.agents().get(0);

        victim.kill();

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            JsonNode violations = Http.getJson(SystemStack.safety() + "/safety/violations");
            boolean stale = false;
            for (JsonNode v : violations) {
                stale |= victim.name().equals(v.path("source_id").asText()) && "sample_gap".equals(v.path("metric").asText());
            }
            assertThat(stale).as("stale-source violation for " + victim.name() + " in " + violations).isTrue();
        });
        JsonNode report = Scenarios.awaitCycleEnd(cycleId, Duration.ofSeconds(15));
        assertThat(report.path("aborted_by").asText()).isEqualTo("safety");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> Scenarios.agentIdle(survivor));
    }

    /**
     * The whole machine paused (a VM snapshot or a live migration; here every process of the platform SIGSTOPped at
     * once) for longer than every time-out: the agents' 5 s lease, safety's 2 s stale gap, the orchestrator's 3 s
     * safety heartbeat. Nothing was silent while anyone listened, so the cycle goes on where it was; before the
     * watchdogs measured silence on their own process's awake time, all three tripped the moment the machine resumed.
     */
    @Test
    void aPauseOfTheWholeMachineIsNobodysSilenceAndTheCycleGoesOn() {
        String cycleId = startLongCycle();
        LocalStack stack = SystemStack.get();
        List<String> pids = new ArrayList<>();
        stack.broker().ifPresent(broker -> pids.add(String.valueOf(broker.pid())));
        stack.services().forEach(service -> pids.add(String.valueOf(service.pid())));

        signal("-STOP", pids);
        try {
            Scenarios.pause(Duration.ofSeconds(6));
        } finally {
            signal("-CONT", pids);
        }

        // Three leases' worth of time after the resume: long enough for every watchdog to have fired if it would.
        for (int second = 0; second < 15; second++) {
            Scenarios.pause(Duration.ofSeconds(1));
            JsonNode status = Http.getJson(SystemStack.orchestrator() + "/status");
            assertThat(status.path("cycle_id").asText()).as("%s", status).isEqualTo(cycleId);
            assertThat(status.path("state").asText()).as("%s s after the resume: %s", second + 1, status).isEqualTo("running");
        }
        for (ServiceProcess agent : SystemStack.agents()) {
            JsonNode status = SystemStack.agentStatus(agent);
            assertThat(status.path("cycle_id").asText()).as(agent.name() + ": " + status).isEqualTo(cycleId);
            assertThat(status.path("target_load_percent").asDouble()).as(agent.name() + ": " + status).isGreaterThan(0);
        }
        List<JsonNode> violations = new ArrayList<>();
        Http.getJson(SystemStack.safety() + "/safety/violations").forEach(v -> {
            if (cycleId.equals(v.path("cycle_id").asText())) {
                violations.add(v);
            }
        });
        assertThat(violations).as("violations in the paused cycle").isEmpty();
        Http.Response stop = Http.post(SystemStack.orchestrator() + "/cycle/stop", "{}");
        assertThat(stop.status()).as(stop.body()).isBetween(200, 299);
    }

    private static void signal(String signal, List<String> pids) {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        command.addAll(pids);
        NetworkHosts.run(command);
    }

    @Test
    void brokerKilledAgentsStopWithinTheLeaseAndEverythingReconnectsWhenItReturns() {
        startLongCycle();
        EmbeddedKafkaBroker broker = SystemStack.get().broker().orElseThrow();

        broker.kill();

        await().atMost(LEASE_AND_SLACK).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(this::everyAgentAtZero);
        broker.start();
        for (ServiceProcess service : SystemStack.get().services()) {
            assertThat(service.isAlive()).as(service.name() + " alive").isTrue();
            service.awaitReady(Duration.ofSeconds(60));
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                Http.getJson(SystemStack.orchestrator() + "/status").path("safety_online").asBoolean());
        Scenarios.awaitIdle();
        // Every source went silent with the broker, so safety opened a stale-source breaker for each; the
        // pre-flight refuses a new cycle until an operator resets them, as here.
        assertThat(Http.getJson(SystemStack.safety() + "/safety/breakers").toString()).contains("stale-source");
        Scenarios.resetSafety();
        Scenarios.awaitPreflightFit();
        Scenarios.runToCompletion(Duration.ofSeconds(40), "light");
    }

    /**
     * A node drained or a deployment scaled down while the broker is unreachable: the services are told to stop when
     * there is nobody to flush to, and must not sit out their Kafka clients' close time-outs (the platform's SIGTERM
     * goal is 5 s; Kubernetes kills what outlives its grace period).
     */
    @Test
    void withTheBrokerGoneEveryServiceEndsWithinFiveSecondsOfSigterm() {
        EmbeddedKafkaBroker broker = SystemStack.get().broker().orElseThrow();
        broker.kill();
        // Gone for a while, as in an outage: every agent's broker watch has found it unreachable (its readiness says).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                SystemStack.agents().stream().allMatch(FaultInjectionTest::brokerUnreachable));

        List<ServiceProcess> services = SystemStack.get().services();
        long signalled = System.nanoTime();
        Map<String, CompletableFuture<Double>> exits = new LinkedHashMap<>();
        for (ServiceProcess service : services) {
            exits.put(service.name(), service.handle().orElseThrow().onExit()
                    .thenApply(gone -> (System.nanoTime() - signalled) / 1e9));
        }
        services.forEach(ServiceProcess::terminate);
        Map<String, Double> exitSeconds = new LinkedHashMap<>();
        exits.forEach((name, exit) -> exitSeconds.put(name, exit.completeOnTimeout(Double.POSITIVE_INFINITY, 60,
                TimeUnit.SECONDS).join()));
        System.out.printf("broker gone, SIGTERM to exit (s): %s%n", exitSeconds);
        assertThat(exitSeconds).allSatisfy((name, seconds) ->
                assertThat(seconds).as(name + ": SIGTERM to exit, s").isLessThan(5.0));
    }

    @Test
    void malformedMessagesOnEveryTopicLandInTheDeadLetterTopicAndConsumersGoOn() {
        List<String> poisoned = List.of(Topics.COMMANDS, Topics.SAMPLES, Topics.VIOLATIONS, Topics.PHASE_EVENTS, Topics.HEARTBEATS);
        try (TopicProbe probe = new TopicProbe(SystemStack.get().bootstrapServers(), Topics.DLQ)) {
            for (String topic : poisoned) {
                probe.send(topic, "poison", "{this is not json");
            }
            await().atMost(Duration.ofSeconds(20)).pollInSameThread().untilAsserted(() -> {
                Set<String> topics = new HashSet<>();
                for (ConsumerRecord<String, String> record : probe.poll(Duration.ofMillis(500))) {
                    DeadLetter letter = WireCodec.decode(record.value(), DeadLetter.class);
                    if ("{this is not json".equals(letter.payload())) {
                        assertThat(letter.reason()).startsWith("not valid JSON");
                        topics.add(letter.sourceTopic());
                    }
                }
                assertThat(topics).containsExactlyInAnyOrderElementsOf(poisoned);
            });
        }
        Scenarios.runToCompletion(Duration.ofSeconds(40), "light");
    }

    private static boolean brokerUnreachable(ServiceProcess agent) {
        try {
            JsonNode readiness = Http.JSON.readTree(Http.get(agent.url() + "/q/health/ready").body());
            return "false".equals(readiness.findValue("broker_reachable").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String startLongCycle() {
        String cycleId = Scenarios.startCycle("extreme");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                SystemStack.agents().stream().allMatch(agent ->
                        cycleId.equals(SystemStack.agentStatus(agent).path("cycle_id").asText())
                                && SystemStack.agentStatus(agent).path("target_load_percent").asDouble() > 0));
        return cycleId;
    }

    private boolean everyAgentAtZero() {
        return SystemStack.agents().stream().filter(ServiceProcess::isAlive).allMatch(Scenarios::agentIdle);
    }
}
