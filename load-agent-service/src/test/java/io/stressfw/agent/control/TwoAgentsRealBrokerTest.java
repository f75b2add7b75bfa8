package io.stressfw.agent.control;

import io.stressfw.kafka.BrokerClients;
import io.stressfw.kafka.KafkaBrokerExtension;
import io.stressfw.model.Phase;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import io.stressfw.model.StopMode;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.model.WireCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two agents (the framework-free controller, each with its own broadcast consumer, exactly as the service wires it)
 * against a real broker: both follow a phase command, and both stop on an emergency stop, on a stop violation and
 * when the lease runs out. Every test has two fresh agents and its own cycle; only the broker is shared. Losing the
 * broker is {@link TwoAgentsLoseTheBrokerTest}'s business, as it ends the broker.
 */
class TwoAgentsRealBrokerTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    static final ResourceWeights WEIGHTS = new ResourceWeights(1, 1, 0.5, 0.5);
    @TempDir
    Path scratchBase;
    private final String cycle = "cycle-" + UUID.randomUUID();
    private long sequence;
    private BroadcastAgent a;
    private BroadcastAgent b;
    private KafkaProducer<String, String> producer;

    @BeforeEach
    void startAgents() throws InterruptedException {
        a = new BroadcastAgent("agent-a", scratchBase, KAFKA.bootstrapServers());
        b = new BroadcastAgent("agent-b", scratchBase, KAFKA.bootstrapServers());
        producer = producer(KAFKA.bootstrapServers());
    }

    @AfterEach
    void stopAgents() {
        producer.close(Duration.ofSeconds(2));
        a.close();
        b.close();
    }

    @Test
    void bothAgentsFollowAPhaseCommand() {
        send(producer, Topics.COMMANDS, TestAgents.phase(cycle, ++sequence, System.currentTimeMillis(), 5000, 15, WEIGHTS, 0, null));
        for (BroadcastAgent node : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                AgentStatus status = node.controller().status();
                assertThat(status.state()).isEqualTo(AgentState.RUNNING);
                assertThat(status.cycleId()).isEqualTo(cycle);
                assertThat(status.generators().get("cpu").targetPercent()).isEqualTo(15);
                assertThat(status.generators().get("cpu").achievedPercent()).isGreaterThan(0);
                assertThat(status.resources().allocatedMemoryMb()).isEqualTo(2);
            });
        }
    }

    @Test
    void bothAgentsStopOnAnEmergencyStop() {
        startLoad(20_000);
        send(producer, Topics.COMMANDS, TestAgents.stop(cycle, ++sequence, System.currentTimeMillis(), StopMode.EMERGENCY));
        assertBothStopped(List.of(a, b), "test stop");
    }

    @Test
    void bothAgentsStopOnAViolationWithStopAction() {
        startLoad(20_000);
        send(producer, Topics.VIOLATIONS, new Violation(Versioned.SCHEMA_VERSION, "v-" + UUID.randomUUID(),
                System.currentTimeMillis(), "memory-critical", "memory_usage", 97.0, 95, Severity.CRITICAL,
                SafetyAction.STOP, "host-1", null, Phase.CHAOS, "memory above 95%"));
        assertBothStopped(List.of(a, b), "memory-critical");
    }

    @Test
    void renewalsKeepBothAgentsRunningAndBothStopWhenTheLeaseRunsOut() {
        long seq = ++sequence;
        // Renewing like the orchestrator, four times a second, a 2 s lease.
        ScheduledExecutorService orchestrator = Executors.newSingleThreadScheduledExecutor();
        try {
            orchestrator.scheduleAtFixedRate(() -> send(producer, Topics.COMMANDS,
                    TestAgents.phase(cycle, seq, System.currentTimeMillis(), 2000, 15, WEIGHTS, 0, null)),
                    0, 250, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> bothRunning(a, b));
            // Longer than the lease: only the renewals can keep them running all along.
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10)).until(() -> bothRunning(a, b));
        } finally {
            orchestrator.shutdownNow();
        }
        assertBothStopped(List.of(a, b), "lease");
    }

    private void startLoad(long leaseMs) {
        send(producer, Topics.COMMANDS, TestAgents.phase(cycle, ++sequence, System.currentTimeMillis(), leaseMs, 15, WEIGHTS, 0, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> bothRunning(a, b));
    }

    static boolean bothRunning(BroadcastAgent a, BroadcastAgent b) {
        return a.controller().state() == AgentState.RUNNING && b.controller().state() == AgentState.RUNNING;
    }

    static void assertBothStopped(List<BroadcastAgent> agents, String reason) {
        for (BroadcastAgent node : agents) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                AgentStatus status = node.controller().status();
                assertThat(status.state()).isEqualTo(AgentState.STOPPED);
                assertThat(status.lastStopReason()).contains(reason);
                assertThat(status.generators().values()).allSatisfy(g -> assertThat(g.targetPercent()).isZero());
                assertThat(status.resources().released()).isTrue();
            });
        }
    }

    static KafkaProducer<String, String> producer(String bootstrapServers) {
        return BrokerClients.producer(bootstrapServers);
    }

    static void send(KafkaProducer<String, String> producer, String topic, Versioned payload) {
        try {
            producer.send(new ProducerRecord<>(topic, "all", WireCodec.encode(payload))).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }
}
