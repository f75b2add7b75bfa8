package io.stressfw.agent.control;

import io.stressfw.kafka.KafkaBrokerExtension;
import io.stressfw.model.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.stressfw.agent.control.TwoAgentsRealBrokerTest.WEIGHTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two agents whose broker dies under them: both stop by themselves, since no stop command could reach them now. */
class TwoAgentsLoseTheBrokerTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @TempDir
    Path scratchBase;

    @Test
    void bothAgentsStopWhenTheBrokerIsUnreachable() throws InterruptedException {
        try (BroadcastAgent a = new BroadcastAgent("agent-a", scratchBase, KAFKA.bootstrapServers());
             BroadcastAgent b = new BroadcastAgent("agent-b", scratchBase, KAFKA.bootstrapServers())) {
            try (KafkaProducer<String, String> producer = TwoAgentsRealBrokerTest.producer(KAFKA.bootstrapServers())) {
                TwoAgentsRealBrokerTest.send(producer, Topics.COMMANDS, TestAgents.phase("cycle-" + UUID.randomUUID(), 1,
                        System.currentTimeMillis(), 60_000, 15, WEIGHTS, 0, null));
                await().atMost(Duration.ofSeconds(10)).until(() -> TwoAgentsRealBrokerTest.bothRunning(a, b));
            }
            KAFKA.broker().kill();
            for (BroadcastAgent node : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(node.controller().state()).isEqualTo(AgentState.STOPPED);
                    assertThat(node.controller().lastStopReason()).startsWith("broker unreachable");
                });
            }
        }
    }
}
