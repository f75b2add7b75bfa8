package io.stressfw.metrics.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.stressfw.kafka.BrokerClients;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.metrics.aggregation.MetricsAggregator;
import io.stressfw.metrics.prometheus.MetricsGauges;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Topics;
import io.stressfw.model.WireCodec;
import jakarta.enterprise.inject.Vetoed;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static io.stressfw.metrics.aggregation.Fixtures.host;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample consumer over a real broker survives what a single message does to it: a RuntimeException or an Error
 * while handling it, and a dead-letter topic that refuses the letter (the profile caps the dead-letter producer's
 * request size below any letter, so every dead-letter send fails in the real Kafka client).
 */
@QuarkusTest
@TestProfile(IngestSurvivalTest.Profile.class)
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class IngestSurvivalTest {
    private static final long T0 = 1_610_000_000_000L;

    public static final class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.dead-letters.max.request.size", "64");
        }
    }

    /** Fails while handling the samples of sources whose id starts with "poison". */
    @Vetoed
    static final class PoisonedGauges extends MetricsGauges {
        PoisonedGauges(MeterRegistry registry, MetricsAggregator aggregator) {
            super(registry, aggregator);
        }

        @Override
        public void update(MetricSample sample) {
            if (sample.sourceId().startsWith("poison-error")) {
                throw new StackOverflowError("too deep for " + sample.sourceId());
            }
            if (sample.sourceId().startsWith("poison-exception")) {
                throw new IllegalStateException("cannot handle " + sample.sourceId());
            }
            super.update(sample);
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    MeterRegistry registry;
    @Inject
    MetricsAggregator aggregator;

    @Test
    void theSampleConsumerGoesOnAfterFailingMessagesAndFailingDeadLetters() throws Exception {
        QuarkusMock.installMockForType(new PoisonedGauges(registry, aggregator), MetricsGauges.class);
        String after = "host-after-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = BrokerClients.producer(bootstrap)) {
            // One key: one partition, so the consumer meets the messages in this order.
            send(producer, WireCodec.encode(host("poison-error", T0, 10)));
            send(producer, WireCodec.encode(host("poison-exception", T0, 10)));
            send(producer, "{\"not\": \"a sample\"}");
            send(producer, WireCodec.encode(host(after, T0 + 1, 10)));
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(given().get("/metrics/snapshot").then().statusCode(200).extract().jsonPath()
                    .getMap("hosts")).containsKey(after);
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics.lines().filter(l -> l.startsWith("stress_messages_unsent_total") && l.contains("DeadLetter"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum())
                    .as("dead letters Kafka refused").isGreaterThanOrEqualTo(2);
        });
    }

    private static void send(KafkaProducer<String, String> producer, String value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.SAMPLES, "survival-test", value)).get(10, TimeUnit.SECONDS);
    }
}
