package io.stressfw.kafka;

import io.stressfw.model.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 18: {@code ./stress up --listen ... --keep-data} twice. SCRAM users are created when the storage is formatted,
 * so the second run's new passwords locked everybody out, the broker included.
 */
class KeptSecuredDataTest {
    private static final KafkaCredentials FIRST = KafkaCredentials.generate();

    @Test
    void aSecuredBrokerOverItsKeptDataKeepsItsUsersWhateverItIsGiven(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDir(dir).keepData(true).secured(FIRST).build()) {
            first.start();
        }
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().dataDir(dir).keepData(true)
                .secured(KafkaCredentials.generate()).build()) {
            KafkaCredentials kept = second.credentials().orElseThrow();
            assertThat(kept.adminPassword()).isEqualTo(FIRST.adminPassword());
            assertThat(kept.password(ServicePrincipal.ORCHESTRATOR)).isEqualTo(FIRST.password(ServicePrincipal.ORCHESTRATOR));
            second.start();

            Map<String, Object> config = new HashMap<>(kept.clientConfig(ServicePrincipal.ORCHESTRATOR));
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrapServers());
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                assertThat(producer.send(new ProducerRecord<>(Topics.COMMANDS, "all", "after a restart")).get(15, TimeUnit.SECONDS)
                        .topic()).isEqualTo(Topics.COMMANDS);
            }
        }
    }

    @Test
    void aSecuredBrokerRefusesDataAnOpenBrokerFormattedAndSaysWhatToDo(@TempDir Path dir) {
        try (EmbeddedKafkaBroker open = EmbeddedKafkaBroker.builder().dataDir(dir).keepData(true).build()) {
            open.start();
        }
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().dataDir(dir).keepData(true).secured(KafkaCredentials.generate()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("open broker")
                .hasMessageContaining("remove that directory");
    }
}
