package io.stressfw.orchestrator.cluster;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.model.BreakerState;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.Severity;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.model.WireCodec;
import io.stressfw.orchestrator.config.OrchestratorSettings;
import io.stressfw.orchestrator.config.SafetyClientSettings;
import io.stressfw.orchestrator.live.LiveFeed;
import io.stressfw.orchestrator.testing.SimulatedAgent;
import jakarta.enterprise.inject.Vetoed;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The orchestrator's consumers over a real broker survive what a single message does to them: an exception while
 * handling it, and a dead-letter topic that refuses the letter (the profile caps the dead-letter producer's request
 * size below any letter, so every dead-letter send fails in the real Kafka client).
 */
@QuarkusTest
@TestProfile(ConsumerSurvivalTest.Profile.class)
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class ConsumerSurvivalTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    public static final class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of(
                        "mp.messaging.outgoing.dead-letters.max.request.size", "64",
                        "stress.orchestrator.data-dir", Files.createTempDirectory("orchestrator-survival").toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Throws while handling the messages of sources whose id starts with "poison". */
    @Vetoed
    static final class PoisonedCluster extends ClusterState {
        PoisonedCluster(LiveFeed feed, OrchestratorSettings settings, SafetyClientSettings safety, Clock clock) {
            super(feed, settings, safety, clock, clock::millis);
        }

        @Override
        public void onHeartbeat(Heartbeat heartbeat) {
            if (heartbeat.instanceId().startsWith("poison")) {
                throw new IllegalStateException("cannot handle " + heartbeat.instanceId());
            }
            super.onHeartbeat(heartbeat);
        }

        @Override
        public void onBreaker(BreakerTransition transition) {
            if (transition.sourceId().startsWith("poison")) {
                throw new IllegalStateException("cannot handle " + transition.breakerId());
            }
            super.onBreaker(transition);
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    LiveFeed feed;
    @Inject
    OrchestratorSettings settings;
    @Inject
    SafetyClientSettings safety;
    @Inject
    Clock clock;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void setUp() {
        QuarkusMock.installMockForType(new PoisonedCluster(feed, settings, safety, clock), ClusterState.class);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    @AfterEach
    void tearDown() {
        given().post("/emergency/stop");
        producer.close(Duration.ofSeconds(2));
    }

    @Test
    void theHeartbeatConsumerGoesOnAfterAFailingMessageAndAFailingDeadLetter() throws Exception {
        // The consumer reads from the latest offset once it has joined: repeat until it has.
        sendUntil(Topics.HEARTBEATS, () -> agentListed("agent-before"), "agent-before", heartbeat("agent-before"));

        send(Topics.HEARTBEATS, "poison-agent", heartbeat("poison-agent"));
        send(Topics.HEARTBEATS, "garbage", "{\"not\": \"a heartbeat\"}");

        sendUntil(Topics.HEARTBEATS, () -> agentListed("agent-after"), "agent-after", heartbeat("agent-after"));
        assertThat(unsentDeadLetters()).as("dead letters Kafka refused").isGreaterThanOrEqualTo(2);
    }

    @Test
    void theSafetyEventConsumerStillStopsTheCycleAfterAFailingMessageAndAFailingDeadLetter() throws Exception {
        sendUntil(Topics.VIOLATIONS, () -> breakerListed("cpu@warm-host"), "warm-host", transition("warm-host"));
        // A start needs an agent heartbeating (min_agents), override or not.
        try (SimulatedAgent agent = SimulatedAgent.onBroker(bootstrap, "agent-survivor").awaitListed(() ->
                given().get("/agents").then().extract().path("agents.id"))) {
            stopAfterPoison();
        }
    }

    private void stopAfterPoison() throws Exception {
        String cycleId = given().contentType(ContentType.JSON)
                .body("{\"phases\": [\"light\", \"medium\"], \"override_safety\": true, \"override_safety_watchdog\": true}")
                .post("/cycle/start").then().statusCode(202).extract().path("cycle_id");

        send(Topics.VIOLATIONS, "poison-host", transition("poison-host"));
        send(Topics.VIOLATIONS, "garbage", "{\"not\": \"a safety event\"}");
        send(Topics.VIOLATIONS, "hot-host", stopViolation("hot-host"));

        awaitTrue(() -> "aborted".equals(given().get("/cycles/" + cycleId).then().extract().path("outcome")),
                "cycle " + cycleId + " aborted by the stop violation sent after the poison");
        assertThat(given().get("/cycles/" + cycleId).then().extract().<String>path("aborted_by")).isEqualTo("safety");
    }

    private boolean agentListed(String id) {
        return given().get("/agents").then().extract().jsonPath().getList("agents.id").contains(id);
    }

    private boolean breakerListed(String id) {
        return given().get("/status").then().extract().jsonPath().getList("breakers.breaker_id").contains(id);
    }

    private double unsentDeadLetters() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("stress_messages_unsent_total") && l.contains("type=\"DeadLetter\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private void send(String topic, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    /** Sends until the message is seen: a consumer reading from the latest offset only sees it once it has joined. */
    private void sendUntil(String topic, BooleanSupplier seen, String key, String value) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!seen.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("%s seen on %s in time", key, topic).isNegative();
            send(topic, key, value);
            try {
                await().atMost(Duration.ofMillis(500)).pollInterval(Duration.ofMillis(50)).until(seen::getAsBoolean);
            } catch (ConditionTimeoutException e) {
                // not joined yet: send again
            }
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
    }

    private String heartbeat(String id) {
        long now = System.currentTimeMillis();
        return WireCodec.encode(new Heartbeat(Versioned.SCHEMA_VERSION, id, ServiceKind.AGENT, "test", "host-" + id,
                now - 1_000, now, Map.of()));
    }

    private static String transition(String sourceId) {
        return WireCodec.encode(new BreakerTransition(Versioned.SCHEMA_VERSION, System.currentTimeMillis(),
                "cpu@" + sourceId, "cpu", sourceId, BreakerState.CLOSED, BreakerState.OPEN, "test"));
    }

    private static String stopViolation(String sourceId) {
        return WireCodec.encode(new Violation(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(),
                System.currentTimeMillis(), "cpu", "cpu_usage", 99.0, 95, Severity.CRITICAL, SafetyAction.STOP, sourceId,
                null, null, "cpu_usage 99 over 95"));
    }
}
