package io.stressfw.safety;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.model.BreakerState;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.Command;
import io.stressfw.model.DeadLetter;
import io.stressfw.model.MetricSample;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.SafetyEvent;
import io.stressfw.model.SourceKind;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.model.WireCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The service end to end across a real broker: samples in, violations, breaker events and emergency stops out. */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class SafetyKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private KafkaProbe kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaProbe(bootstrap);
        awaitSamplesAssigned();
    }

    /**
     * Samples produced before safety-service got its partitions are history and not evaluated: the tests send theirs
     * once it has them.
     */
    static void awaitSamplesAssigned() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() ->
                !given().get("/safety/sources").then().statusCode(200).extract().jsonPath()
                        .getList("samples_partitions").isEmpty());
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    private void sendSample(String sourceId, Map<String, Double> metrics) throws Exception {
        sendSample(sourceId, System.currentTimeMillis(), metrics);
    }

    private void sendSample(String sourceId, long stampMs, Map<String, Double> metrics) throws Exception {
        MetricSample sample = new MetricSample(Versioned.SCHEMA_VERSION, sourceId, SourceKind.HOST, sourceId,
                stampMs, null, null, metrics, null);
        kafka.send(Topics.SAMPLES, sourceId, WireCodec.encode(sample));
    }

    private void sendPhaseEvent(String cycleId, PhaseEventType type) throws Exception {
        PhaseEvent event = PhaseEventFixtures.event(type, cycleId, null, System.currentTimeMillis());
        kafka.send(Topics.PHASE_EVENTS, cycleId, WireCodec.encode(event));
    }

    private Violation awaitViolation(String sourceId, String ruleId) {
        List<ConsumerRecord<String, String>> found = kafka.await(Topics.VIOLATIONS, r -> {
            SafetyEvent event = decode(r.value(), SafetyEvent.class);
            return event instanceof Violation v && v.sourceId().equals(sourceId) && v.ruleId().equals(ruleId);
        }, WAIT);
        assertThat(found).as("violation of %s by %s on %s", ruleId, sourceId, Topics.VIOLATIONS).isNotEmpty();
        assertThat(found.get(0).key()).isEqualTo(sourceId);
        return (Violation) decode(found.get(0).value(), SafetyEvent.class);
    }

    @Test
    void samplesOverALimitPublishAViolationABreakerTransitionAndAnEmergencyStop() throws Exception {
        String source = "hot-" + UUID.randomUUID();
        sendSample(source, Map.of("cpu_usage", 40.0, "memory_usage", 97.0));

        Violation violation = awaitViolation(source, "memory");
        assertThat(violation.metric()).isEqualTo("memory_usage");
        assertThat(violation.value()).isEqualTo(97.0);
        assertThat(violation.threshold()).isEqualTo(90.0);
        assertThat(violation.action()).isEqualTo(SafetyAction.STOP);

        List<ConsumerRecord<String, String>> transitions = kafka.await(Topics.VIOLATIONS, r ->
                decode(r.value(), SafetyEvent.class) instanceof BreakerTransition t
                        && t.breakerId().equals("memory@" + source) && t.to() == BreakerState.OPEN, WAIT);
        assertThat(transitions).isNotEmpty();

        List<ConsumerRecord<String, String>> stops = kafka.await(Topics.COMMANDS, r ->
                decode(r.value(), Command.class) instanceof StopCommand s && s.reason().contains(source), WAIT);
        assertThat(stops).as("emergency stop on %s", Topics.COMMANDS).isNotEmpty();
        assertThat(stops.get(0).key()).isEqualTo("all");
        StopCommand stop = (StopCommand) decode(stops.get(0).value(), Command.class);
        assertThat(stop.mode()).isEqualTo(StopMode.EMERGENCY);
        assertThat(stop.issuedBy()).isEqualTo("safety-service");
        assertThat(stop.reason()).contains("memory");
    }

    @Test
    void aSourceThatFallsSilentDuringACycleIsAStaleSourceViolation() throws Exception {
        String cycle = "cycle-" + UUID.randomUUID();
        String source = "quiet-" + UUID.randomUUID();
        sendPhaseEvent(cycle, PhaseEventType.CYCLE_STARTED);
        try {
            sendSample(source, Map.of("cpu_usage", 10.0));
            Violation violation = awaitViolation(source, "stale-source");
            assertThat(violation.metric()).isEqualTo("sample_gap");
            assertThat(violation.value()).isGreaterThan(2.0);
            assertThat(violation.cycleId()).isEqualTo(cycle);
        } finally {
            sendPhaseEvent(cycle, PhaseEventType.CYCLE_COMPLETED);
        }
    }

    @Test
    void aHostWhoseClockIsMinutesBehindIsEvaluatedGoesStaleAndShowsItsSkew() throws Exception {
        String cycle = "cycle-" + UUID.randomUUID();
        String source = "behind-" + UUID.randomUUID();
        sendPhaseEvent(cycle, PhaseEventType.CYCLE_STARTED);
        try {
            sendSample(source, System.currentTimeMillis() - 180_000, Map.of("memory_usage", 97.0));

            assertThat(awaitViolation(source, "memory").value()).isEqualTo(97.0);
            Map<String, Object> status = given().get("/safety/sources").then().statusCode(200).extract().jsonPath()
                    .getMap("sources.find { it.source_id == '" + source + "' }");
            assertThat(((Number) status.get("clock_skew_ms")).longValue()).isBetween(-185_000L, -179_000L);
            assertThat(status.get("clock_skew_warning")).isEqualTo(true);
            assertThat(awaitViolation(source, "stale-source").cycleId()).isEqualTo(cycle);
        } finally {
            sendPhaseEvent(cycle, PhaseEventType.CYCLE_COMPLETED);
        }
    }

    @Test
    void malformedSamplesGoToTheDeadLetterTopicAndEvaluationGoesOn() throws Exception {
        String marker = "garbage-" + UUID.randomUUID();
        kafka.send(Topics.SAMPLES, "bad", "{\"not\": \"a sample\", \"marker\": \"" + marker + "\"}");
        String source = "after-dlq-" + UUID.randomUUID();
        sendSample(source, Map.of("disk_usage", 99.0));

        List<ConsumerRecord<String, String>> letters = kafka.await(Topics.DLQ, r -> r.value().contains(marker), WAIT);
        assertThat(letters).as("dead letter on %s", Topics.DLQ).isNotEmpty();
        DeadLetter letter = decode(letters.get(0).value(), DeadLetter.class);
        assertThat(letter.sourceTopic()).isEqualTo(Topics.SAMPLES);
        assertThat(letter.reason()).isNotBlank();

        Violation violation = awaitViolation(source, "disk");
        assertThat(violation.value()).isEqualTo(99.0);
    }

    private static <T extends Versioned> T decode(String json, Class<T> type) {
        try {
            return WireCodec.decode(json, type);
        } catch (Exception e) {
            return null;
        }
    }
}
