package io.stressfw.agent;

import io.restassured.RestAssured;
import io.stressfw.agent.http.AgentHttpServer;
import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stressfw.kafka.BrokerClients;
import io.stressfw.kafka.EmbeddedKafkaBroker;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.WireCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent's wiring of {@link io.stressfw.service.SampleCadence} against a real broker: an idle agent samples once a second, and the
 * same agent samples ten times a second from its first sample of a cycle on (the cadence's own timing is proven on a
 * hand-moved clock in service-commons' {@code SampleCadenceTest}).
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class AgentSampleRateTest {
    @Inject
    AgentHttpServer http;

    /** The agent's own server listens on a port picked at start; RestAssured asks that one. */
    @BeforeEach
    void agentPort() {
        RestAssured.port = http.port();
    }

    private static final String AGENT_ID = "agent-quarkus-test";

    EmbeddedKafkaBroker broker;

    @Test
    void anIdleAgentSamplesOnceASecondAndTenTimesASecondOnceACycleHoldsIt() throws Exception {
        List<MetricSample> idle = samples(4, s -> s.cycleId() == null);
        for (int i = 1; i < idle.size(); i++) {
            assertThat(idle.get(i).timestampMs() - idle.get(i - 1).timestampMs())
                    .as("idle samples %d and %d", i - 1, i).isGreaterThanOrEqualTo(950);
        }

        String cycle = "cycle-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = BrokerClients.producer(broker.bootstrapServers())) {
            // The broadcast consumer starts at the end of the topic; renew like the orchestrator until it holds the cycle.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                PhaseCommand command = PhaseCommand.builder(cycle, Phase.LIGHT).commandId("cmd-" + UUID.randomUUID())
                        .sequence(1).epoch(1).issuedAtMs(System.currentTimeMillis()).leaseMs(5000).targetLoadPercent(5)
                        .weights(new ResourceWeights(1, 0, 0, 0)).build();
                producer.send(new ProducerRecord<>(Topics.COMMANDS, "all", WireCodec.encode(command))).get(5, TimeUnit.SECONDS);
                return cycle.equals(given().get("/agent/status").then().extract().jsonPath().getString("cycle_id"));
            });
            List<MetricSample> loaded = samples(11, s -> cycle.equals(s.cycleId()));
            long span = loaded.get(loaded.size() - 1).timestampMs() - loaded.get(0).timestampMs();
            // Ten intervals of 100 ms; at the idle rate they would take ten seconds.
            assertThat(span).as("ten sample intervals while loaded").isLessThan(2000);
            producer.send(new ProducerRecord<>(Topics.COMMANDS, "all", WireCodec.encode(new StopCommand(
                    Versioned.SCHEMA_VERSION, "stop-" + UUID.randomUUID(), cycle, 2, System.currentTimeMillis(),
                    StopMode.EMERGENCY, "test end", "test")))).get(5, TimeUnit.SECONDS);
        }
    }

    /** The first {@code count} samples of this agent that match, read from the start of the topic. */
    private List<MetricSample> samples(int count, Predicate<MetricSample> matching) {
        List<MetricSample> found = BrokerClients.firstSamples(broker.bootstrapServers(), AGENT_ID, count, matching, Duration.ofSeconds(30));
        assertThat(found).as("samples of %s within 30 s", AGENT_ID).hasSize(count);
        return found;
    }
}
