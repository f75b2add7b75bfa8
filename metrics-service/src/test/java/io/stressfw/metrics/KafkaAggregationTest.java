package io.stressfw.metrics;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.stressfw.kafka.BrokerClients;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.model.DeadLetter;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.WireCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static io.stressfw.metrics.aggregation.Fixtures.agent;
import static io.stressfw.metrics.aggregation.Fixtures.event;
import static io.stressfw.metrics.aggregation.Fixtures.phaseStarted;
import static io.stressfw.metrics.aggregation.Fixtures.host;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Samples and phase events flow through the real broker; per-phase aggregates and dead letters come out. */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class KafkaAggregationTest {
    private static final long T0 = 1_610_000_000_000L;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mp.messaging.incoming.samples-in.group.id")
    String samplesGroup;

    private KafkaProducer<String, String> producer() {
        return BrokerClients.producer(bootstrap);
    }

    private KafkaConsumer<String, String> consumer(String topic) {
        return BrokerClients.fromStart(bootstrap, "test-", List.of(topic));
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void samplesAndPhaseEventsBecomePerPhaseAggregatesAndMalformedSamplesAreDeadLettered() throws Exception {
        String cycle = "kafka-" + UUID.randomUUID();
        String hostId = "node-" + UUID.randomUUID();
        String agentId = "agent-" + UUID.randomUUID();
        String malformed = "{\"version\":1,\"source_id\":\"" + hostId + "\",\"source_kind\":\"host\"}";
        try (KafkaProducer<String, String> producer = producer()) {
            // The events go first, as in a real cycle where samples are taken while the phase runs.
            send(producer, Topics.PHASE_EVENTS, cycle, WireCodec.encode(event(cycle, PhaseEventType.CYCLE_STARTED, null, T0)));
            send(producer, Topics.PHASE_EVENTS, cycle, WireCodec.encode(phaseStarted(cycle, Phase.LIGHT, T0, 20.0, 2, 6, 0)));
            send(producer, Topics.PHASE_EVENTS, cycle, WireCodec.encode(event(cycle, PhaseEventType.HOLD_STARTED, Phase.LIGHT, T0 + 2_000)));
            send(producer, Topics.PHASE_EVENTS, cycle, WireCodec.encode(event(cycle, PhaseEventType.PHASE_COMPLETED, Phase.LIGHT, T0 + 8_000)));
            send(producer, Topics.PHASE_EVENTS, cycle, WireCodec.encode(phaseStarted(cycle, Phase.MEDIUM, T0 + 8_000, 40.0, 0, 0, 0)));
            send(producer, Topics.PHASE_EVENTS, cycle, WireCodec.encode(event(cycle, PhaseEventType.CYCLE_ABORTED, null, T0 + 12_000)));
            // Host samples are attributed by timestamp to the phases these events open, and the service reads events
            // and samples on two independent consumers: the samples go out only once every event has been applied.
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
                JsonPath known = given().get("/metrics/cycles/{id}", cycle).then().statusCode(200).extract().jsonPath();
                assertThat(known.getString("outcome")).isEqualTo("aborted");
                assertThat(known.getList("phases")).hasSize(2);
            });

            send(producer, Topics.SAMPLES, hostId, malformed);
            send(producer, Topics.SAMPLES, hostId, "not json at all");
            // LIGHT: cpu 10, 20, ..., 100 at 0.5 s steps; MEDIUM: 5 samples of 90.
            for (int i = 0; i < 10; i++) {
                send(producer, Topics.SAMPLES, hostId, WireCodec.encode(host(hostId, T0 + 500 + i * 500L, 10 * (i + 1))));
            }
            for (int i = 0; i < 5; i++) {
                send(producer, Topics.SAMPLES, hostId, WireCodec.encode(host(hostId, T0 + 9_000 + i * 500L, 90)));
            }
            send(producer, Topics.SAMPLES, agentId, WireCodec.encode(agent(agentId, T0 + 3_000, cycle, Phase.LIGHT, 20, 16)));
            send(producer, Topics.SAMPLES, agentId, WireCodec.encode(agent(agentId, T0 + 4_000, cycle, Phase.LIGHT, 20, 20)));
            send(producer, Topics.SAMPLES, agentId, WireCodec.encode(agent(agentId, T0 + 9_500, cycle, Phase.MEDIUM, 40, 30)));
        }

        // This service's own live samples also land in the cycle while it runs: only the test's sources are counted.
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            JsonPath export = given().get("/metrics/cycles/{id}/export", cycle).then().statusCode(200).extract().jsonPath();
            List<String> sources = export.getList("samples.source_id", String.class);
            assertThat(sources.stream().filter(id -> id.equals(hostId) || id.equals(agentId)).count()).isEqualTo(18);
        });
        JsonPath report = given().get("/metrics/cycles/{id}", cycle).then().extract().jsonPath();
        assertThat(report.getString("outcome")).isEqualTo("aborted");
        String light = "phases[0].sources.'" + hostId + "'.metrics.cpu_usage.stats.";
        assertThat(report.getString("phases[0].phase")).isEqualTo("light");
        assertThat(report.getLong(light + "count")).isEqualTo(10);
        assertThat(report.getDouble(light + "min")).isEqualTo(10.0);
        assertThat(report.getDouble(light + "mean")).isEqualTo(55.0);
        assertThat(report.getDouble(light + "p50")).isEqualTo(50.0);
        assertThat(report.getDouble(light + "p95")).isEqualTo(100.0);
        assertThat(report.getDouble(light + "max")).isEqualTo(100.0);
        assertThat(report.getDouble("phases[0].timings.ramp_up.actual_seconds")).isEqualTo(2.0);
        assertThat(report.getDouble("phases[0].timings.hold.planned_seconds")).isEqualTo(6.0);
        assertThat(report.getDouble("phases[0].timings.hold.actual_seconds")).isEqualTo(6.0);
        String lightAgent = "phases[0].generators.'" + agentId + "'.cpu.";
        assertThat(report.getDouble(lightAgent + "target_percent.mean")).isEqualTo(20.0);
        assertThat(report.getDouble(lightAgent + "achieved_percent.mean")).isEqualTo(18.0);
        assertThat(report.getDouble(lightAgent + "achievement_ratio")).isEqualTo(0.9);

        assertThat(report.getString("phases[1].phase")).isEqualTo("medium");
        assertThat(report.getString("phases[1].outcome")).isEqualTo("aborted");
        assertThat(report.getDouble("phases[1].sources.'" + hostId + "'.metrics.cpu_usage.stats.mean")).isEqualTo(90.0);
        assertThat(report.getDouble("phases[1].timings.total.actual_seconds")).isEqualTo(4.0);
        assertThat(report.getDouble("phases[1].generators.'" + agentId + "'.cpu.achieved_percent.mean")).isEqualTo(30.0);

        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, String> dlq = consumer(Topics.DLQ)) {
            // Until both letters are in: the second may come in a later poll than the first.
            await().atMost(20, TimeUnit.SECONDS).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, String> r : dlq.poll(Duration.ofMillis(200))) {
                    letters.add(WireCodec.decode(r.value(), DeadLetter.class));
                }
                return letters.stream().anyMatch(l -> malformed.equals(l.payload()))
                        && letters.stream().anyMatch(l -> "not json at all".equals(l.payload()));
            });
        }
        DeadLetter letter = letters.stream().filter(l -> malformed.equals(l.payload())).findFirst().orElseThrow();
        assertThat(letter.sourceTopic()).isEqualTo(Topics.SAMPLES);
        assertThat(letter.reason()).contains("timestamp_ms");
        assertThat(letters).anyMatch(l -> "not json at all".equals(l.payload()));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("stress_host_metric{host=\"" + hostId + "\",metric=\"cpu_usage\"} 90.0");
        assertThat(metrics).contains("stress_generator_achieved_percent{agent=\"" + agentId + "\",generator=\"cpu\"} 30.0");
        assertThat(metrics).contains("stress_messages_malformed_total");
    }

    @Test
    void thisServicePublishesHostSamplesKeyedByHostIdWithNullForWhatIsUnavailable() throws Exception {
        AtomicReference<MetricSample> sample = new AtomicReference<>();
        AtomicReference<String> recordKey = new AtomicReference<>();
        try (KafkaConsumer<String, String> samples = consumer(Topics.SAMPLES)) {
            await().atMost(30, TimeUnit.SECONDS).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, String> r : samples.poll(Duration.ofMillis(200))) {
                    if ("test-host".equals(r.key())) {
                        MetricSample s = WireCodec.decode(r.value(), MetricSample.class);
                        if (s.metric("cpu_usage") != null) {
                            sample.set(s);
                            recordKey.set(r.key());
                        }
                    }
                }
                return sample.get() != null;
            });
        }
        MetricSample found = sample.get();
        String key = recordKey.get();
        assertThat(found).isNotNull();
        assertThat(key).isEqualTo(found.sourceId());
        assertThat(found.sourceKind()).isEqualTo(SourceKind.HOST);
        assertThat(found.version()).isEqualTo(Versioned.SCHEMA_VERSION);
        assertThat(found.metrics()).containsKeys("cpu_usage", "cpu_steal", "cpu_core_0", "load_average_1m", "memory_usage",
                "swap_usage", "disk_usage", "disk_read_ops", "disk_write_ops", "disk_read_bytes", "disk_write_bytes",
                "network_rx_bytes", "network_tx_bytes", "process_count", "temperature");
        found.metrics().forEach((name, value) -> {
            if (value != null) {
                assertThat(value).as(name).isGreaterThanOrEqualTo(0.0);
            }
        });

        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
            JsonPath snapshot = given().get("/metrics/snapshot").then().statusCode(200).extract().jsonPath();
            assertThat(snapshot.getMap("hosts")).containsKey("test-host");
        });
    }

    @Test
    void ownHostSamplesCountExactlyOnceThoughTheyAlsoComeBackThroughKafka() throws Exception {
        String cycle = "own-" + UUID.randomUUID();
        // The window lies ahead by the wall clock, which stamps the live samples. All its events must be known before
        // it opens, so that each live sample taken inside it is attributed by its timestamp alone: the window is
        // placed only once the service demonstrably reads phase events (its consumer joins a group after start-up),
        // and that its events arrived in time is checked, not assumed.
        long start;
        long end;
        try (KafkaProducer<String, String> producer = producer()) {
            awaitPhaseEventsConsumed(producer);
            start = System.currentTimeMillis() + 5_000;
            end = start + 3_000;
            send(producer, Topics.PHASE_EVENTS, cycle, WireCodec.encode(event(cycle, PhaseEventType.CYCLE_STARTED, null, start)));
            send(producer, Topics.PHASE_EVENTS, cycle, WireCodec.encode(phaseStarted(cycle, Phase.LIGHT, start, 20.0, 0, 0, 0)));
            send(producer, Topics.PHASE_EVENTS, cycle, WireCodec.encode(event(cycle, PhaseEventType.CYCLE_COMPLETED, null, end)));
        }
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                given().get("/metrics/cycles/{id}", cycle).then().statusCode(200).body("outcome", equalTo("completed")));
        assertThat(System.currentTimeMillis()).as("the window's events were applied before it opened").isLessThan(start);

        AtomicLong published = new AtomicLong();
        AtomicReference<ConsumerRecord<String, String>> lastInWindow = new AtomicReference<>();
        AtomicReference<Boolean> pastWindow = new AtomicReference<>(false);
        try (KafkaConsumer<String, String> samples = consumer(Topics.SAMPLES)) {
            await().atMost(30, TimeUnit.SECONDS).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, String> r : samples.poll(Duration.ofMillis(200))) {
                    if ("test-host".equals(r.key())) {
                        long at = WireCodec.decode(r.value(), MetricSample.class).timestampMs();
                        if (at >= start && at <= end) {
                            published.incrementAndGet();
                            lastInWindow.set(r);
                        }
                        pastWindow.set(pastWindow.get() || at > end + 1_000);
                    }
                }
                return pastWindow.get();
            });
        }
        assertThat(pastWindow.get()).as("samples published after the window").isTrue();
        assertThat(published.get()).as("own samples published inside the window").isGreaterThanOrEqualTo(10);
        // A sample counted twice would show only once the service has read it back: wait until its consumer group
        // has committed past the window's last sample, so that every one of them came back and was skipped.
        awaitConsumedByService(lastInWindow.get());

        JsonPath export = given().get("/metrics/cycles/{id}/export", cycle).then().statusCode(200).extract().jsonPath();
        long aggregated = export.getList("samples.source_id", String.class).stream().filter("test-host"::equals).count();
        assertThat(aggregated).as("own samples in the cycle, against those published").isEqualTo(published.get());
        JsonPath report = given().get("/metrics/cycles/{id}", cycle).then().extract().jsonPath();
        String cpu = "phases[0].sources.'test-host'.metrics.cpu_usage.stats.";
        assertThat(report.getLong(cpu + "count") + report.getLong(cpu + "missing")).isEqualTo(published.get());
    }

    /** Returns once the service has applied a phase event sent now (a finished cycle in the past: it changes nothing). */
    private static void awaitPhaseEventsConsumed(KafkaProducer<String, String> producer) throws Exception {
        String probe = "probe-" + UUID.randomUUID();
        long past = System.currentTimeMillis() - 60_000;
        send(producer, Topics.PHASE_EVENTS, probe, WireCodec.encode(event(probe, PhaseEventType.CYCLE_STARTED, null, past)));
        send(producer, Topics.PHASE_EVENTS, probe, WireCodec.encode(event(probe, PhaseEventType.CYCLE_COMPLETED, null, past + 1)));
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                given().get("/metrics/cycles/{id}", probe).then().statusCode(200).body("outcome", equalTo("completed")));
    }

    /** Waits until the service's samples consumer group has committed past {@code record} (it acks once handled). */
    private void awaitConsumedByService(ConsumerRecord<String, String> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(samplesGroup)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).get(partition);
                return committed != null && committed.offset() > record.offset();
            });
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void heartbeatAnnouncesTheMetricsThisHostCanGive() throws Exception {
        AtomicReference<Map<String, Object>> latest = new AtomicReference<>(Map.of());
        try (KafkaConsumer<String, String> beats = consumer(Topics.HEARTBEATS)) {
            await().atMost(30, TimeUnit.SECONDS).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, String> r : beats.poll(Duration.ofMillis(200))) {
                    Heartbeat beat = WireCodec.decode(r.value(), Heartbeat.class);
                    if (beat.kind() == ServiceKind.METRICS && "test-host".equals(beat.capabilities().get("host_id"))) {
                        latest.set(beat.capabilities());
                    }
                }
                Object metrics = latest.get().get("host_metrics");
                return metrics instanceof List<?> list && list.contains("cpu_usage");
            });
        }
        Map<String, Object> capabilities = latest.get();
        List<String> announced = (List<String>) capabilities.get("host_metrics");
        // Only what every Linux host can give; swap and temperature depend on the machine.
        assertThat(announced).contains("cpu_usage", "cpu_core_0", "memory_usage", "load_average_1m", "process_count");
        assertThat(capabilities).containsEntry("cpu_counters", "procfs").containsEntry("io_counters", "procfs");
    }
}
