package io.stressfw.kafka;

import io.stressfw.model.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 18, hole 2: Kafka is the control plane. The embedded broker with SASL/SCRAM and ACLs enforces the
 * ServicePrincipal table: an allowed write works, a write the table does not grant is refused, and a client that
 * does not authenticate, or authenticates wrongly, gets nothing. An open broker (main) accepted all of these.
 */
class SecuredBrokerTest {
    private static final KafkaCredentials CREDENTIALS = KafkaCredentials.generate();
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.builder().secured(CREDENTIALS).build();
        broker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static Map<String, Object> client(Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return config;
    }

    private static KafkaProducer<String, String> producer(Map<String, String> security) {
        Map<String, Object> config = client(security);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Null when the write was acknowledged, else the cause Kafka gave. */
    private static Throwable write(ServicePrincipal principal, String topic) {
        try (KafkaProducer<String, String> producer = producer(CREDENTIALS.clientConfig(principal))) {
            producer.send(new ProducerRecord<>(topic, "all", principal.user() + " wrote this")).get(15, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void onlyTheOrchestratorAndSafetyMayWriteCommands() {
        assertThat(write(ServicePrincipal.ORCHESTRATOR, Topics.COMMANDS)).isNull();
        assertThat(write(ServicePrincipal.SAFETY, Topics.COMMANDS)).isNull();
        assertThat(write(ServicePrincipal.AGENT, Topics.COMMANDS)).isInstanceOf(TopicAuthorizationException.class);
        assertThat(write(ServicePrincipal.METRICS, Topics.COMMANDS)).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void onlySafetyWritesViolationsAndOnlyTheOrchestratorPhaseEvents() {
        assertThat(write(ServicePrincipal.SAFETY, Topics.VIOLATIONS)).isNull();
        assertThat(write(ServicePrincipal.AGENT, Topics.VIOLATIONS)).isInstanceOf(TopicAuthorizationException.class);
        assertThat(write(ServicePrincipal.ORCHESTRATOR, Topics.VIOLATIONS)).isInstanceOf(TopicAuthorizationException.class);
        assertThat(write(ServicePrincipal.ORCHESTRATOR, Topics.PHASE_EVENTS)).isNull();
        assertThat(write(ServicePrincipal.METRICS, Topics.PHASE_EVENTS)).isInstanceOf(TopicAuthorizationException.class);
        assertThat(write(ServicePrincipal.SAFETY, Topics.PHASE_EVENTS)).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void everyWriteOfTheTableWorksAndEveryOtherIsRefused() {
        for (ServicePrincipal principal : ServicePrincipal.values()) {
            for (String topic : Topics.ALL) {
                Throwable outcome = write(principal, topic);
                if (principal.writes().contains(topic)) {
                    assertThat(outcome).as("%s writes %s", principal.user(), topic).isNull();
                } else {
                    assertThat(outcome).as("%s may not write %s", principal.user(), topic)
                            .isInstanceOf(TopicAuthorizationException.class);
                }
            }
        }
    }

    @Test
    void anAgentReadsCommandsByPartitionAndMayUseNoConsumerGroup() {
        String marker = "command-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer(CREDENTIALS.clientConfig(ServicePrincipal.ORCHESTRATOR))) {
            producer.send(new ProducerRecord<>(Topics.COMMANDS, "all", marker)).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(readAssigned(ServicePrincipal.AGENT, Topics.COMMANDS)).contains(marker);
        Throwable anyGroup = catchThrowable(() -> readAll(ServicePrincipal.AGENT, Topics.COMMANDS,
                "stress-agent-test-" + UUID.randomUUID()));
        assertThat(anyGroup).isInstanceOf(GroupAuthorizationException.class);
        Throwable foreignTopic = catchThrowable(() -> readAssigned(ServicePrincipal.AGENT, Topics.PHASE_EVENTS));
        assertThat(foreignTopic).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void aClientThatDoesNotAuthenticateOrUsesAWrongPasswordGetsNothing() {
        Map<String, Object> plaintext = client(Map.of());
        plaintext.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        plaintext.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(plaintext)) {
            assertThat(catchThrowable(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))).isNotNull();
        }
        Throwable wrongPassword = write(ServicePrincipal.ORCHESTRATOR, Topics.COMMANDS, "not-the-password-0123456789");
        assertThat(wrongPassword).isInstanceOf(SaslAuthenticationException.class);
    }

    private static Throwable write(ServicePrincipal principal, String topic, String password) {
        try (KafkaProducer<String, String> producer = producer(KafkaCredentials.clientConfig(principal.user(), password))) {
            producer.send(new ProducerRecord<>(topic, "all", "x")).get(15, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    /** As an agent reads: every partition assigned, no group, from the start. */
    private static List<String> readAssigned(ServicePrincipal principal, String topic) {
        Map<String, Object> config = client(CREDENTIALS.clientConfig(principal));
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.isEmpty() && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static List<String> readAll(ServicePrincipal principal, String topic, String group) {
        Map<String, Object> config = client(CREDENTIALS.clientConfig(principal));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.isEmpty() && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
