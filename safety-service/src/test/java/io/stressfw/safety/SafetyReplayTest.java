package io.stressfw.safety;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stressfw.model.MetricSample;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.WireCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over-limit samples already in the log when safety-service starts (a replay after a restart) raise nothing, whatever
 * their stamps; samples produced once it listens are evaluated.
 */
@QuarkusTest
@QuarkusTestResource(value = ReplayedBrokerResource.class, restrictToAnnotatedClass = true)
class SafetyReplayTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void samplesAlreadyInTheLogAtStartAreHistoryAndLiveOnesAreEvaluated() throws Exception {
        SafetyKafkaTest.awaitSamplesAssigned();
        String live = "live-" + UUID.randomUUID();
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.send(Topics.SAMPLES, live, WireCodec.encode(new MetricSample(Versioned.SCHEMA_VERSION, live,
                    SourceKind.HOST, live, System.currentTimeMillis(), null, null, Map.of("memory_usage", 99.0), null)));

            List<ConsumerRecord<String, String>> liveViolation = kafka.await(Topics.VIOLATIONS,
                    r -> r.value().contains("\"source_id\":\"" + live + "\""), WAIT);
            assertThat(liveViolation).as("the live sample's violation").isNotEmpty();
            List<ConsumerRecord<String, String>> replayed = kafka.await(Topics.VIOLATIONS,
                    r -> r.value().contains(ReplayedBrokerResource.REPLAYED_SOURCE), Duration.ofSeconds(2));
            assertThat(replayed).as("violations of the samples produced before the start").isEmpty();
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics.lines().filter(l -> l.startsWith("stress_safety_samples_history_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum())
                .as("samples skipped as history").isGreaterThanOrEqualTo(2.0);
        assertThat(given().get("/safety/sources").then().extract().jsonPath().getList("sources.source_id"))
                .contains(live).doesNotContain(ReplayedBrokerResource.REPLAYED_SOURCE);
    }
}
