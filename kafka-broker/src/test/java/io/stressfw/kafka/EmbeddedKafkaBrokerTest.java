package io.stressfw.kafka;

import io.stressfw.model.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /**
     * A launcher starts its services beside the broker: their clients ask for the platform's topics before it has
     * created them. They must wait for the topics with their layout, not create them as they were asked.
     */
    @Test
    void aClientThatComesBeforeTheBrokerFindsTheTopicsAsLaidOutAndCreatesNone() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(LoopbackPorts.free()).build();
             KafkaProducer<String, String> early = BrokerClients.producer(broker.bootstrapServers())) {
            // The send waits for the topic's metadata on the calling thread, so it goes on one of its own.
            CountDownLatch sending = new CountDownLatch(1);
            CompletableFuture<RecordMetadata> sent = CompletableFuture.supplyAsync(() -> {
                sending.countDown();
                try {
                    return early.send(new ProducerRecord<>(Topics.SAMPLES, "host-a", "{}")).get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            assertThat(sending.await(30, TimeUnit.SECONDS)).isTrue();
            String bootstrap = broker.start();

            assertThat(sent.get(60, TimeUnit.SECONDS).topic()).isEqualTo(Topics.SAMPLES);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                 KafkaProducer<String, String> misspelt = new KafkaProducer<>(Map.of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000,
                         ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                         ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
                assertThat(admin.describeTopics(List.of(Topics.SAMPLES)).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(Topics.SAMPLES).partitions()).hasSize(TopicLayout.TOPICS.get(Topics.SAMPLES));
                assertThatThrownBy(() -> misspelt.send(new ProducerRecord<>("stress.sample", "k", "v")).get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class)
                        .hasMessageContaining("stress.sample not present in metadata");
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("stress.sample");
            }
        }
    }

    /** The clients of a launcher are given the client port before the broker starts: only the controller may move. */
    @Test
    void aTakenControllerPortMovesTheControllerAloneAndClientsKeepTheirAddress() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(LoopbackPorts.free()).build();
             ServerSocket taken = new ServerSocket()) {
            String given = broker.bootstrapServers();
            int controllerPort = broker.controllerPort();
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), controllerPort));

            assertThat(broker.start()).isEqualTo(given);
            assertThat(broker.controllerPort()).isNotEqualTo(controllerPort);
            produce(given, "after-the-move");
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
