package io.stressfw.agent;

import io.stressfw.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the agent's two consumers cost while nothing happens, on every node under test (issue 21; docs/benchmarks.md,
 * "Footprint"), and what that must not cost in latency.
 */
class AgentConsumersTest {
    private static final long HEARTBEAT_INTERVAL_MS = 1000;
    private static final long PEER_SETTLE_MS = 2000;
    private static final long REQUEST_TIMEOUT_MS = 30_000;

    @Test
    void commandsAndViolationsAreReadByOneConsumerWhoseIdleFetchWaitsOnTheBroker() {
        assertThat(CommandConsumer.TOPICS).containsExactly(Topics.COMMANDS, Topics.VIOLATIONS);
        assertThat(CommandConsumer.FETCH).doesNotContainKey(ConsumerConfig.FETCH_MIN_BYTES_CONFIG);
        assertThat((Integer) CommandConsumer.FETCH.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG))
                .isGreaterThan(1000).isLessThan((int) REQUEST_TIMEOUT_MS);
    }

    @Test
    void heartbeatsAreFetchedInBatchesHeardWithinThePeerSettle() {
        assertThat((Integer) PeerConsumer.FETCH.get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG))
                .as("a fetch waits for more than one heartbeat").isGreaterThan(1024);
        long waitMs = (Integer) PeerConsumer.FETCH.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
        assertThat(HEARTBEAT_INTERVAL_MS + waitMs).as("latest a heartbeat is heard, with half a second to spare")
                .isLessThanOrEqualTo(PEER_SETTLE_MS - 500);
    }
}
