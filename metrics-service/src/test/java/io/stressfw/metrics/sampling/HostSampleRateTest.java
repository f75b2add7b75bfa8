package io.stressfw.metrics.sampling;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.stressfw.kafka.BrokerClients;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.Topics;
import io.stressfw.model.WireCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.stressfw.metrics.aggregation.Fixtures.event;
import static io.stressfw.metrics.aggregation.Fixtures.phaseStarted;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host sampler's wiring of {@link io.stressfw.service.SampleCadence} against a real broker, with the default idle
 * interval (the other Kafka tests sample at the full rate throughout): the host is sampled once a second while no
 * cycle is under way, and ten times a second from the cycle's start on.
 */
@QuarkusTest
@TestProfile(HostSampleRateTest.DefaultIdleInterval.class)
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class HostSampleRateTest {
    private static final String HOST = "test-host";

    /** The product's idle interval, not the test profile's; no start-up warm-up (SampleCadenceTest has it). */
    public static class DefaultIdleInterval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stress.metrics.sampling.idle-interval", "1s", "stress.metrics.sampling.warm-up", "0s");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void theHostIsSampledOnceASecondWhileIdleAndTenTimesASecondOnceACycleIsUnderWay() throws Exception {
        List<MetricSample> idle = samples(4, s -> s.cycleId() == null);
        for (int i = 1; i < idle.size(); i++) {
            assertThat(idle.get(i).timestampMs() - idle.get(i - 1).timestampMs())
                    .as("idle samples %d and %d", i - 1, i).isGreaterThanOrEqualTo(950);
        }

        String cycle = "rate-" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        try (KafkaProducer<String, String> producer = BrokerClients.producer(bootstrap)) {
            producer.send(new ProducerRecord<>(Topics.PHASE_EVENTS, cycle,
                    WireCodec.encode(event(cycle, PhaseEventType.CYCLE_STARTED, null, now)))).get(5, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topics.PHASE_EVENTS, cycle,
                    WireCodec.encode(phaseStarted(cycle, Phase.IDLE, now, 0.0, 0, 0, 0)))).get(5, TimeUnit.SECONDS);
            List<MetricSample> running = samples(11, s -> cycle.equals(s.cycleId()));
            long span = running.get(running.size() - 1).timestampMs() - running.get(0).timestampMs();
            // Ten intervals of 100 ms; at the idle rate they would take ten seconds.
            assertThat(span).as("ten sample intervals during the cycle").isLessThan(2000);
            producer.send(new ProducerRecord<>(Topics.PHASE_EVENTS, cycle, WireCodec.encode(event(cycle,
                    PhaseEventType.CYCLE_COMPLETED, null, System.currentTimeMillis())))).get(5, TimeUnit.SECONDS);
        }
    }

    /** The first {@code count} host samples of this instance that match, read from the start of the topic. */
    private List<MetricSample> samples(int count, Predicate<MetricSample> matching) {
        List<MetricSample> found = BrokerClients.firstSamples(bootstrap, HOST, count, matching, Duration.ofSeconds(30));
        assertThat(found).as("samples of %s within 30 s", HOST).hasSize(count);
        return found;
    }
}
