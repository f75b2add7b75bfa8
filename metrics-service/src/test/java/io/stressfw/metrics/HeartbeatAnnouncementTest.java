package io.stressfw.metrics;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stressfw.kafka.BrokerClients;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.Topics;
import io.stressfw.model.WireCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class HeartbeatAnnouncementTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void serviceAnnouncesItselfOnTheHeartbeatTopic() throws Exception {
        try (KafkaConsumer<String, String> consumer = BrokerClients.fromStart(bootstrap, "heartbeat-test-")) {
            consumer.subscribe(List.of(Topics.HEARTBEATS));
            AtomicReference<Heartbeat> latest = new AtomicReference<>();
            await().atMost(20, TimeUnit.SECONDS).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    latest.set(WireCodec.decode(record.value(), Heartbeat.class));
                }
                return latest.get() != null;
            });
            Heartbeat found = latest.get();
            assertThat(found).isNotNull();
            assertThat(found.kind()).isEqualTo(ServiceKind.METRICS);
        }
    }
}
