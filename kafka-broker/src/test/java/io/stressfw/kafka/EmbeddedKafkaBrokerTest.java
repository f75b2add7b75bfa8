package io.stressfw.kafka;

import io.stressfw.model.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaBrokerTest {

    @Test
    void clusterIdsNeverStartWithADashThatTheStorageToolWouldTakeForAnOption() {
        for (int i = 0; i < 10_000; i++) {
            String id = EmbeddedKafkaBroker.randomClusterId();
            assertThat(id).hasSize(22).doesNotStartWith("-");
        }
    }


    @Test
    void brokerCarriesRecordsSurvivesARestartAndLeavesNothingBehind() throws Exception {
        Path dataDir;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build()) {
            dataDir = broker.dataDir();
            String bootstrap = broker.start();

            assertThat(topics(bootstrap)).containsAll(Topics.ALL);
            produce(bootstrap, "before-restart");

            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            broker.start();

            produce(bootstrap, "after-restart");
            assertThat(consumeAll(bootstrap)).containsExactly("before-restart", "after-restart");
        }
        assertThat(Files.exists(dataDir)).as("data directory removed on close").isFalse();
    }

    @Test
    void dataLeftByAKilledBrokerStartsAgainInANewBrokerWithItsRecords(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka");
        EmbeddedKafkaBroker crashed = EmbeddedKafkaBroker.builder().dataDir(dataDir).keepData(true).build();
        produce(crashed.start(), "before-the-crash");
        crashed.kill();

        // A new broker on the same directory, as the next `./stress up` after a crash or with kept data: the storage
        // was formatted with the first broker's cluster id, which the new one must take over.
        try (EmbeddedKafkaBroker next = EmbeddedKafkaBroker.builder().dataDir(dataDir).build()) {
            String bootstrap = next.start();
            produce(bootstrap, "after-the-crash");
            assertThat(consumeAll(bootstrap)).containsExactly("before-the-crash", "after-the-crash");
        }
    }

    @Test
    void anIdleBrokerLeavesItsMetadataLogAloneForSeconds() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.start()))) {
            long before = metadataLogEnd(admin);
            Thread.sleep(3000);
            // Kafka's default, a no-op record every 500 ms, would have appended five or six by now.
            assertThat(metadataLogEnd(admin) - before).isLessThanOrEqualTo(1);
        }
    }

    /** Kafka's default map, 128 MB on the heap for good, was half the broker's RSS (docs/benchmarks.md, footprint). */
    @Test
    void theRunningBrokersLogCleanerKeepsASmallKeyMap() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.start()))) {
            ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Config config = admin.describeConfigs(List.of(node)).all().get(30, TimeUnit.SECONDS).get(node);
            assertThat(Long.parseLong(config.get("log.cleaner.dedupe.buffer.size").value()))
                    .isEqualTo(EmbeddedKafkaBroker.CLEANER_DEDUPE_BUFFER_BYTES).isLessThanOrEqualTo(8L << 20);
            assertThat(config.get("log.cleaner.enable").value()).as("__consumer_offsets is still compacted")
                    .isEqualTo("true");
        }
    }

    private static long metadataLogEnd(Admin admin) throws Exception {
        QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
        return quorum.voters().stream().filter(v -> v.replicaId() == quorum.leaderId())
                .mapToLong(QuorumInfo.ReplicaState::logEndOffset).findFirst().orElseThrow();
    }

    private static Set<String> topics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(String bootstrap, String value) throws Exception {
        try (KafkaProducer<String, String> producer = BrokerClients.producer(bootstrap)) {
            producer.send(new ProducerRecord<>(Topics.HEARTBEATS, "key", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeAll(String bootstrap) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = BrokerClients.fromStart(bootstrap, "test-")) {
            consumer.subscribe(List.of(Topics.HEARTBEATS));
            // A deadline on the monotonic clock: a wall-clock step must neither cut the wait short nor stretch it.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < 2 && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
