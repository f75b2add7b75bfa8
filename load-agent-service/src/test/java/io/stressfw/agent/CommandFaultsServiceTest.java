package io.stressfw.agent;

import io.restassured.RestAssured;
import io.stressfw.agent.http.AgentHttpServer;
import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.stressfw.kafka.BrokerClients;
import io.stressfw.kafka.EmbeddedKafkaBroker;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.model.DeadLetter;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The agent service's consumers under bad records, against a real broker: an unreadable command while load runs
 * stops the load (it may have been a stop) and is dead-lettered; a dead letter the broker refuses (too large) leaves
 * both consumers reading.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class CommandFaultsServiceTest {
    @Inject
    AgentHttpServer http;

    /** The agent's own server listens on a port picked at start; RestAssured asks that one. */
    @BeforeEach
    void agentPort() {
        RestAssured.port = http.port();
    }

    private static final ResourceWeights WEIGHTS = new ResourceWeights(1, 0.5, 0.5, 0.5);

    EmbeddedKafkaBroker broker;
    private KafkaProducer<String, String> producer;
    private long sequence;

    @BeforeEach
    void producer() {
        producer = BrokerClients.producer(broker.bootstrapServers());
    }

    @AfterEach
    void stopEverything() {
        send(Topics.COMMANDS, WireCodec.encode(new StopCommand(Versioned.SCHEMA_VERSION, "cleanup-" + UUID.randomUUID(),
                null, 0, System.currentTimeMillis(), StopMode.EMERGENCY, "test cleanup", "test")));
        await().atMost(Duration.ofSeconds(15)).until(() -> !"running".equals(status().getString("state")));
        producer.close(Duration.ofSeconds(2));
    }

    @Test
    void anUnreadableCommandWhileLoadRunsStopsTheLoadAndIsDeadLettered() {
        String cycle = "cycle-" + UUID.randomUUID();
        startCycle(cycle, 1);
        String marker = UUID.randomUUID().toString();

        send(Topics.COMMANDS, "{\"type\":\"stop\",\"version\":1,\"command_id\":\"" + marker + "\",\"mode\":\"full-stop\"}");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonPath stopped = status();
            assertThat(stopped.getString("state")).isEqualTo("stopped");
            assertThat(stopped.getString("last_stop_reason")).startsWith("unusable message on stress.commands@")
                    .contains("it may have been a stop", "field 'mode'");
            assertThat(stopped.getInt("resources.generator_threads")).isZero();
        });
        DeadLetter letter = findDeadLetter(marker);
        assertThat(letter.reason()).contains("field 'mode'");
        assertThat(letter.sourceTopic()).isEqualTo(Topics.COMMANDS);
        // Like any stop, it holds for the cycle: a renewal does not load again, a new phase does.
        send(Topics.COMMANDS, WireCodec.encode(command(cycle, ++sequence, 1)));
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() ->
                "stopped".equals(status().getString("state")));
        send(Topics.COMMANDS, WireCodec.encode(command(cycle, ++sequence, 2)));
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(status().getString("state")));
    }

    @Test
    void aDeadLetterTheBrokerRefusesLeavesBothConsumersReading() {
        startCycle("cycle-" + UUID.randomUUID(), 1);
        // 600 KB of quotes: fine as a command, but escaped once more inside a dead letter it passes the 1 MB that
        // the producer accepts, so the dead letter fails (RecordTooLargeException).
        String oversized = "{\"type\":\"phase\",\"padding\":\"" + "\\\"".repeat(300_000) + "\"}";

        send(Topics.COMMANDS, oversized);

        await().atMost(Duration.ofSeconds(10)).until(() -> "stopped".equals(status().getString("state")));
        String next = "cycle-" + UUID.randomUUID();
        startCycle(next, 1);
        assertThat(status().getString("cycle_id")).isEqualTo(next);

        send(Topics.VIOLATIONS, oversized);
        send(Topics.VIOLATIONS, WireCodec.encode(new Violation(Versioned.SCHEMA_VERSION, "v-" + UUID.randomUUID(),
                System.currentTimeMillis(), "cpu-critical", "cpu_usage", 97.0, 95, Severity.CRITICAL, SafetyAction.STOP,
                "host-1", next, Phase.LIGHT, "cpu above 95%")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(status().getString("state")).isEqualTo("stopped");
            assertThat(status().getString("last_stop_reason")).contains("cpu-critical");
        });
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private void startCycle(String cycle, long epoch) {
        long seq = ++sequence;
        // The broadcast consumer starts at the end of the topic; keep renewing like the orchestrator until it is there.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            send(Topics.COMMANDS, WireCodec.encode(command(cycle, seq, epoch)));
            return cycle.equals(status().getString("cycle_id"));
        });
    }

    private static PhaseCommand command(String cycle, long seq, long epoch) {
        return PhaseCommand.builder(cycle, Phase.LIGHT).sequence(seq).epoch(epoch).issuedAtMs(System.currentTimeMillis())
                .leaseMs(60_000).targetLoadPercent(10).weights(WEIGHTS).build();
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

    private DeadLetter findDeadLetter(String marker) {
        try (KafkaConsumer<String, String> consumer = BrokerClients.fromStart(broker.bootstrapServers(), "agent-faults-test-")) {
            consumer.subscribe(List.of(Topics.DLQ));
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(200))) {
                    if (rec.value().contains(marker)) {
                        return WireCodec.decode(rec.value(), DeadLetter.class);
                    }
                }
            }
            throw new AssertionError("no dead letter naming " + marker + " within 15 s");
        } catch (io.stressfw.model.MalformedMessageException e) {
            throw new IllegalStateException(e);
        }
    }
}
