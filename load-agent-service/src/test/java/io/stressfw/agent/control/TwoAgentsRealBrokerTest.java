package io.stressfw.agent.control;

import io.stressfw.kafka.KafkaBrokerExtension;
import io.stressfw.model.Command;
import io.stressfw.model.MalformedMessageException;
import io.stressfw.model.Phase;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.SafetyEvent;
import io.stressfw.model.Severity;
import io.stressfw.model.StopMode;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.model.WireCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two agents (the framework-free controller, each with its own broadcast consumer, exactly as the service wires it)
 * against a real broker: both follow a phase command, both stop on an emergency stop and on a stop violation, both
 * stop when the lease runs out, and both stop when the broker goes away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoAgentsRealBrokerTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final ResourceWeights WEIGHTS = new ResourceWeights(1, 1, 0.5, 0.5);
    private static Path scratchBase;
    private static Node a;
    private static Node b;
    private static KafkaProducer<String, String> producer;
    private static long sequence;

    @BeforeAll
    static void startAgents() throws Exception {
        scratchBase = Files.createTempDirectory("agent-two");
        a = new Node("agent-a");
        b = new Node("agent-b");
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    @AfterAll
    static void stopAgents() {
        producer.close(Duration.ofSeconds(2));
        a.close();
        b.close();
    }

    @Test
    @Order(1)
    void bothAgentsFollowAPhaseCommand() {
        send(Topics.COMMANDS, TestAgents.phase("cycle-1", ++sequence, System.currentTimeMillis(), 5000, 15, WEIGHTS, 0, null));
        for (Node node : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                AgentStatus status = node.agent.controller.status();
                assertThat(status.state()).isEqualTo(AgentState.RUNNING);
                assertThat(status.cycleId()).isEqualTo("cycle-1");
                assertThat(status.generators().get("cpu").targetPercent()).isEqualTo(15);
                assertThat(status.generators().get("cpu").achievedPercent()).isGreaterThan(0);
                assertThat(status.resources().allocatedMemoryMb()).isEqualTo(2);
            });
        }
    }

    @Test
    @Order(2)
    void bothAgentsStopOnAnEmergencyStop() {
        send(Topics.COMMANDS, TestAgents.stop("cycle-1", ++sequence, System.currentTimeMillis(), StopMode.EMERGENCY));
        assertBothStopped("test stop");
    }

    @Test
    @Order(3)
    void bothAgentsStopOnAViolationWithStopAction() {
        startLoad("cycle-2", 20_000);
        send(Topics.VIOLATIONS, new Violation(Versioned.SCHEMA_VERSION, "v-" + UUID.randomUUID(), System.currentTimeMillis(),
                "memory-critical", "memory_usage", 97.0, 95, Severity.CRITICAL, SafetyAction.STOP, "host-1", null,
                Phase.CHAOS, "memory above 95%"));
        assertBothStopped("memory-critical");
    }

    @Test
    @Order(4)
    void bothAgentsStopWhenTheLeaseRunsOut() throws InterruptedException {
        long seq = ++sequence;
        long until = System.currentTimeMillis() + 2500;
        while (System.currentTimeMillis() < until) {
            send(Topics.COMMANDS, TestAgents.phase("cycle-3", seq, System.currentTimeMillis(), 2000, 15, WEIGHTS, 0, null));
            Thread.sleep(250);
        }
        assertThat(a.agent.controller.state()).isEqualTo(AgentState.RUNNING);
        assertThat(b.agent.controller.state()).isEqualTo(AgentState.RUNNING);
        assertBothStopped("lease");
    }

    @Test
    @Order(5)
    void bothAgentsStopWhenTheBrokerIsUnreachable() {
        startLoad("cycle-4", 60_000);
        KAFKA.broker().kill();
        for (Node node : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(node.agent.controller.state()).isEqualTo(AgentState.STOPPED);
                assertThat(node.agent.controller.lastStopReason()).startsWith("broker unreachable");
            });
        }
    }

    private static void startLoad(String cycle, long leaseMs) {
        send(Topics.COMMANDS, TestAgents.phase(cycle, ++sequence, System.currentTimeMillis(), leaseMs, 15, WEIGHTS, 0, null));
        for (Node node : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> node.agent.controller.state() == AgentState.RUNNING);
        }
    }

    private static void assertBothStopped(String reason) {
        for (Node node : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                AgentStatus status = node.agent.controller.status();
                assertThat(status.state()).isEqualTo(AgentState.STOPPED);
                assertThat(status.lastStopReason()).contains(reason);
                assertThat(status.generators().values()).allSatisfy(g -> assertThat(g.targetPercent()).isZero());
                assertThat(status.resources().released()).isTrue();
            });
        }
    }

    private static void send(String topic, Versioned payload) {
        try {
            producer.send(new ProducerRecord<>(topic, "all", WireCodec.encode(payload))).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** One agent: controller, broadcast consumer of commands and violations, broker watch. */
    private static final class Node {
        final TestAgents agent;
        final KafkaConsumer<String, String> consumer;
        final BrokerWatch watch;
        final Thread poller;
        volatile boolean running = true;

        Node(String id) throws InterruptedException {
            agent = new TestAgents(id, scratchBase, System::currentTimeMillis);
            agent.controller.start();
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, id + "-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
            CountDownLatch assigned = new CountDownLatch(1);
            poller = new Thread(() -> poll(assigned), id + "-poller");
            poller.setDaemon(true);
            poller.start();
            assertThat(assigned.await(30, TimeUnit.SECONDS)).as("partitions assigned").isTrue();
            watch = new BrokerWatch(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                    Duration.ofSeconds(1), agent.controller::onBrokerUnreachable).start();
        }

        private void poll(CountDownLatch assigned) {
            consumer.subscribe(List.of(Topics.COMMANDS, Topics.VIOLATIONS));
            while (running) {
                try {
                    for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(100))) {
                        handle(rec);
                    }
                    if (assigned.getCount() > 0 && consumer.assignment().size() >= 2) {
                        for (TopicPartition tp : consumer.assignment()) {
                            consumer.position(tp);
                        }
                        assigned.countDown();
                    }
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                }
            }
        }

        private void handle(ConsumerRecord<String, String> rec) {
            try {
                if (rec.topic().equals(Topics.COMMANDS)) {
                    agent.controller.onCommand(WireCodec.decode(rec.value(), Command.class));
                } else if (WireCodec.decode(rec.value(), SafetyEvent.class) instanceof Violation v) {
                    agent.controller.onViolation(v);
                }
            } catch (MalformedMessageException e) {
                throw new IllegalStateException(e);
            }
        }

        void close() {
            running = false;
            watch.close();
            consumer.wakeup();
            try {
                poller.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.close(Duration.ofMillis(500));
            agent.close();
        }
    }
}
