package io.stressfw.agent;

import io.restassured.RestAssured;
import io.stressfw.agent.http.AgentHttpServer;
import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stressfw.kafka.BrokerClients;
import io.stressfw.kafka.EmbeddedKafkaBroker;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.model.DeadLetter;
import io.stressfw.model.LoadLimits;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.model.WireCodec;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** The agent service against a real broker: command handling, refusals to the DLQ, samples, status, health, metrics. */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class AgentServiceTest {
    @Inject
    AgentHttpServer http;

    /** The agent's own server listens on a port picked at start; RestAssured asks that one. */
    @BeforeEach
    void agentPort() {
        RestAssured.port = http.port();
    }

    private static final String AGENT_ID = "agent-quarkus-test";
    private static final ResourceWeights WEIGHTS = new ResourceWeights(1, 0.5, 0.5, 0.5);

    EmbeddedKafkaBroker broker;
    /** Sequences of this test's own cycles (each test has new ones, so they need not grow across tests). */
    private long sequence;
    private KafkaProducer<String, String> producer;

    @BeforeEach
    void producer() {
        producer = BrokerClients.producer(broker.bootstrapServers());
    }

    @AfterEach
    void stopEverything() {
        send(Topics.COMMANDS, WireCodec.encode(new StopCommand(Versioned.SCHEMA_VERSION, "cleanup-" + UUID.randomUUID(), null,
                0, System.currentTimeMillis(), StopMode.EMERGENCY, "test cleanup", "test")));
        await().atMost(Duration.ofSeconds(15)).until(() -> !"running".equals(status().getString("state")));
        producer.close(Duration.ofSeconds(2));
    }

    @Test
    void followsAPhaseCommandPublishesSamplesAndStopsAtOnceOnAnEmergencyStop() {
        String cycle = "cycle-" + UUID.randomUUID();
        startCycle(cycle, 15);
        JsonPath running = status();
        assertThat(running.getString("agent_id")).isEqualTo(AGENT_ID);
        assertThat(running.getString("phase")).isEqualTo("light");
        assertThat(running.getDouble("target_load_percent")).isEqualTo(15);
        assertThat(running.getDouble("generators.cpu.target_percent")).isEqualTo(15);
        assertThat(running.getDouble("generators.memory.cap")).isEqualTo(32);
        assertThat(running.getLong("lease_expires_at_ms")).isGreaterThan(System.currentTimeMillis());

        MetricSample sample = findSample(cycle);
        assertThat(sample.sourceKind().wireName()).isEqualTo("agent");
        assertThat(sample.phase()).isEqualTo(Phase.LIGHT);
        assertThat(sample.generators()).containsOnlyKeys("cpu", "memory", "io", "network");
        assertThat(sample.generators().get("cpu").targetPercent()).isEqualTo(15);
        assertThat(sample.metrics()).containsKey("cpu_usage");

        send(Topics.COMMANDS, WireCodec.encode(new StopCommand(Versioned.SCHEMA_VERSION, "stop-" + UUID.randomUUID(), cycle,
                ++sequence, System.currentTimeMillis(), StopMode.EMERGENCY, "operator pressed stop", "ops")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonPath stopped = status();
            assertThat(stopped.getString("state")).isEqualTo("stopped");
            assertThat(stopped.getString("last_stop_reason")).contains("operator pressed stop");
            assertThat(stopped.getDouble("last_stop_latency_ms")).isLessThan(100);
            assertThat(stopped.getInt("resources.generator_threads")).isZero();
            assertThat(stopped.getInt("resources.scratch_files")).isZero();
            assertThat(stopped.getInt("resources.open_connections")).isZero();
            assertThat(stopped.getDouble("resources.allocated_memory_mb")).isZero();
        });
    }

    @Test
    void statusAnswersEveryDocumentedFieldInSnakeCase() {
        startCycle("cycle-" + UUID.randomUUID(), 10);
        JsonPath status = status();
        assertThat(status.getMap("$").keySet()).containsExactlyInAnyOrder("agent_id", "state", "cycle_id", "phase",
                "sequence", "epoch", "target_load_percent", "current_load_percent", "lease_expires_at_ms",
                "lease_remaining_ms", "last_stop_reason", "last_stop_at_ms", "last_stop_latency_ms", "clock_skew_ms",
                "control_loop", "generators", "caps", "resources", "notes", "scope", "network", "io_device");
        assertThat(status.getMap("control_loop").keySet()).containsExactlyInAnyOrder("live", "last_tick_ms_ago",
                "stall_bound_ms");
        assertThat(status.getBoolean("control_loop.live")).isTrue();
        assertThat(status.getLong("control_loop.stall_bound_ms")).isEqualTo(1000);
        assertThat(status.getLong("lease_remaining_ms")).isBetween(1L, 5000L);
        assertThat(status.getLong("epoch")).isEqualTo(1);
        assertThat(status.getMap("generators").keySet()).containsExactly("cpu", "memory", "io", "network");
        for (String generator : List.of("cpu", "memory", "io", "network")) {
            assertThat(status.getMap("generators." + generator).keySet())
                    .containsExactlyInAnyOrder("target_percent", "achieved_percent", "achieved_value", "unit", "cap", "own_cap");
        }
        assertThat(List.of("cpu", "memory", "io", "network")).extracting(g -> status.getString("generators." + g + ".unit"))
                .containsExactly("cores", "mb", "iops", "mbps");
        assertThat(status.getMap("caps").keySet())
                .containsExactly("cpu_cores", "memory_mb", "disk_mb", "io_ops_per_second", "network_mbps");
        assertThat(status.getMap("caps.memory_mb")).containsOnlyKeys("configured", "effective", "unit");
        assertThat(status.getDouble("caps.memory_mb.configured")).isEqualTo(32);
        assertThat(status.getDouble("caps.disk_mb.effective")).isEqualTo(2);
        assertThat(status.getDouble("caps.io_ops_per_second.configured")).isEqualTo(50);
        assertThat(status.getDouble("caps.network_mbps.configured")).isEqualTo(2);
        assertThat(List.of("cpu_cores", "memory_mb", "disk_mb", "io_ops_per_second", "network_mbps"))
                .extracting(c -> status.getString("caps." + c + ".unit")).containsExactly("cores", "mb", "mb", "iops", "mbps");
        assertThat(status.getMap("resources").keySet()).containsExactlyInAnyOrder("generator_threads", "scratch_files",
                "open_connections", "allocated_memory_mb");
        assertThat(status.getString("notes.scope")).isEqualTo("container");
        assertThat(status.getMap("scope").keySet()).containsExactly("kind", "id", "host_id", "cpu_cores", "memory_mb",
                "share", "settled", "peers");
        assertThat(status.getString("scope.kind")).isEqualTo("container");
        assertThat(status.getMap("network").keySet()).containsExactly("sink", "peer_sink", "links");
    }

    @Test
    void aStopViolationStopsTheAgentWithoutTheOrchestrator() {
        startCycle("cycle-" + UUID.randomUUID(), 10);
        send(Topics.VIOLATIONS, WireCodec.encode(new Violation(Versioned.SCHEMA_VERSION, "v-" + UUID.randomUUID(),
                System.currentTimeMillis(), "cpu-critical", "cpu_usage", 97.0, 95, Severity.CRITICAL, SafetyAction.STOP,
                "host-1", null, Phase.CHAOS, "cpu above 95%")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(status().getString("state")).isEqualTo("stopped");
            assertThat(status().getString("last_stop_reason")).contains("cpu-critical");
        });
    }

    @Test
    void refusesAndDeadLettersACommandThatAsksToRaiseTheMemoryCap() {
        String cycle = "cycle-" + UUID.randomUUID();
        PhaseCommand greedy = command(cycle, ++sequence, 50, new LoadLimits(1_000_000.0, null, null, null));
        send(Topics.COMMANDS, WireCodec.encode(greedy));
        DeadLetter letter = findDeadLetter(greedy.commandId());
        assertThat(letter.reason()).contains("refused").contains("limits.memory_mb");
        assertThat(letter.sourceTopic()).isEqualTo(Topics.COMMANDS);
        assertThat(status().getString("cycle_id")).isNotEqualTo(cycle);
    }

    @Test
    void refusesAndDeadLettersACommandThatNamesANetworkTargetOutsideTheAllowlist() {
        PhaseCommand command = command("cycle-" + UUID.randomUUID(), ++sequence, 20, null).toBuilder()
                .networkTargets(List.of("203.0.113.7:9")).build();
        send(Topics.COMMANDS, WireCodec.encode(command));
        DeadLetter letter = findDeadLetter(command.commandId());
        assertThat(letter.reason()).contains("203.0.113.7:9").contains("allowlist");
    }

    /**
     * An idle agent's heartbeats leave on its sample tick (one wake-up and one produce request for both): they keep
     * coming once a second, each with a sample stamped beside it.
     */
    @Test
    void anIdleAgentSendsEachHeartbeatWithASample() {
        long from = System.currentTimeMillis();
        List<Long> heartbeats = new ArrayList<>();
        List<Long> samples = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = BrokerClients.fromStart(broker.bootstrapServers(), "agent-test-")) {
            consumer.subscribe(List.of(Topics.HEARTBEATS, Topics.SAMPLES));
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (heartbeats.size() < 4 && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(200))) {
                    if (AGENT_ID.equals(rec.key()) && rec.timestamp() >= from) {
                        (Topics.HEARTBEATS.equals(rec.topic()) ? heartbeats : samples).add(rec.timestamp());
                    }
                }
            }
            // The last heartbeat's sample may be in the next poll.
            consumer.poll(Duration.ofMillis(500)).forEach(rec -> {
                if (AGENT_ID.equals(rec.key()) && Topics.SAMPLES.equals(rec.topic())) {
                    samples.add(rec.timestamp());
                }
            });
        }
        assertThat(heartbeats).as("heartbeats while idle").hasSizeGreaterThanOrEqualTo(4);
        assertThat(heartbeats).allSatisfy(at -> assertThat(samples).as("a sample beside the heartbeat at " + at)
                .anySatisfy(sampled -> assertThat(Math.abs(sampled - at)).isLessThanOrEqualTo(200)));
    }

    /**
     * Peers come from heartbeats: another agent announcing the same scope halves this agent's share until it says it
     * leaves; this agent's own heartbeats announce its scope, load and sink the same way.
     */
    @Test
    void learnsItsPeersFromTheirHeartbeatsAndAnnouncesItsOwnScope() {
        String scopeId = status().getString("scope.id");
        String peer = "agent-peer-" + UUID.randomUUID();
        Map<String, Object> load = Map.of("loading", true, "cpu_cores", 0.1, "memory_mb", 2.0);
        // Heartbeats come every second; send like a live peer until the agent has heard it.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            send(Topics.HEARTBEATS, peerHeartbeat(peer, scopeId, load, false));
            return status().getDouble("scope.share") == 0.5;
        });
        assertThat(status().getList("scope.peers.agent_id")).containsExactly(peer);

        send(Topics.HEARTBEATS, peerHeartbeat(peer, scopeId, load, true));
        await().atMost(Duration.ofSeconds(10)).until(() -> status().getDouble("scope.share") == 1);

        io.stressfw.model.Heartbeat own = consume(Topics.HEARTBEATS, rec -> AGENT_ID.equals(rec.key())
                ? WireCodec.decode(rec.value(), io.stressfw.model.Heartbeat.class) : null);
        assertThat(own.capabilities()).containsKeys("host_id", "scope", "load", "network_allowlist", "network_links");
        @SuppressWarnings("unchecked")
        Map<String, Object> announced = (Map<String, Object>) own.capabilities().get("scope");
        assertThat(announced).containsEntry("kind", "container").containsEntry("id", scopeId)
                .containsKeys("cpu_cores", "memory_cap_mb", "io_ops_per_second", "network_mbps", "share", "peers");
    }

    private static String peerHeartbeat(String id, String scopeId, Map<String, Object> load, boolean leaving) {
        Map<String, Object> caps = new java.util.LinkedHashMap<>();
        caps.put("host_id", "host-test");
        caps.put("scope", Map.of("kind", "container", "id", scopeId));
        caps.put("load", load);
        if (leaving) {
            caps.put("leaving", true);
        }
        return WireCodec.encode(new io.stressfw.model.Heartbeat(Versioned.SCHEMA_VERSION, id, io.stressfw.model.ServiceKind.AGENT,
                "1.0", "pod-peer", System.currentTimeMillis(), System.currentTimeMillis(), caps));
    }

    @Test
    void deadLettersAMalformedCommand() {
        String marker = UUID.randomUUID().toString();
        send(Topics.COMMANDS, "{\"type\":\"phase\",\"version\":1,\"command_id\":\"" + marker + "\",\"target_load_percent\":150}");
        assertThat(findDeadLetter(marker).reason()).isNotBlank();
    }

    @Test
    void healthAndPrometheusGaugesAreExposedWithoutTheKafkaClientsOwnMetrics() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("stress_agent_generator_target_percent"))
                .body(containsString("stress_agent_resources_allocated_memory_mb"))
                // About 700 series per agent (every producer and consumer) when the binder is on (issue 21).
                .body(not(containsString("kafka_producer_")))
                .body(not(containsString("kafka_consumer_")));
    }

    @Test
    void anUnknownPathOrAnotherMethodGetsAProblemDocumentAndHeadAnswersLikeGet() {
        given().get("/agent/nothing").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", containsString("/agent/status"));
        given().delete("/agent/status").then().statusCode(405).contentType("application/problem+json")
                .header("Allow", "GET, HEAD");
        given().head("/q/health/live").then().statusCode(200).header("Content-Type", "application/json");
    }

    private void startCycle(String cycle, double load) {
        long seq = ++sequence;
        // The broadcast consumer starts at the end of the topic; keep renewing like the orchestrator until it is there.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            send(Topics.COMMANDS, WireCodec.encode(command(cycle, seq, load, null)));
            return cycle.equals(status().getString("cycle_id"));
        });
    }

    private static PhaseCommand command(String cycle, long seq, double load, LoadLimits limits) {
        return PhaseCommand.builder(cycle, Phase.LIGHT).commandId("cmd-" + UUID.randomUUID()).sequence(seq).epoch(1)
                .issuedAtMs(System.currentTimeMillis()).leaseMs(5000).targetLoadPercent(load).weights(WEIGHTS)
                .limits(limits).build();
    }

    private static JsonPath status() {
        return given().get("/agent/status").then().statusCode(200).extract().jsonPath();
    }

    private void send(String topic, String json) {
        try {
            producer.send(new ProducerRecord<>(topic, "all", json)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    private MetricSample findSample(String cycle) {
        return consume(Topics.SAMPLES, rec -> {
            if (!AGENT_ID.equals(rec.key())) {
                return null;
            }
            MetricSample sample = WireCodec.decode(rec.value(), MetricSample.class);
            return cycle.equals(sample.cycleId()) ? sample : null;
        });
    }

    private DeadLetter findDeadLetter(String marker) {
        return consume(Topics.DLQ, rec -> rec.value().contains(marker) ? WireCodec.decode(rec.value(), DeadLetter.class) : null);
    }

    private interface Matcher<T> {
        T match(ConsumerRecord<String, String> rec) throws Exception;
    }

    private <T> T consume(String topic, Matcher<T> matcher) {
        try (KafkaConsumer<String, String> consumer = BrokerClients.fromStart(broker.bootstrapServers(), "agent-test-")) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + 15_000_000_000L;
            List<String> seen = new ArrayList<>();
            while (System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(rec.key());
                    T found = matcher.match(rec);
                    if (found != null) {
                        return found;
                    }
                }
            }
            throw new AssertionError("nothing matching on " + topic + " within 15 s (" + seen.size() + " records seen)");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
