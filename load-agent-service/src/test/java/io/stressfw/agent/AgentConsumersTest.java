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
    private static final long DEFAULT_MAX_LEASE_MS = 5_000;

    /**
     * After a leader change the commands can wait unread behind one fetch of the violations alone: at 5 s that was the
     * whole lease, and every agent stopped its load after the machine was paused (docs/benchmarks.md, "A paused
     * machine").
     */
    @Test
    void commandsAndViolationsAreReadByOneConsumerWhoseIdleFetchWaitsAFifthOfTheLeaseAtMost() {
        assertThat(CommandConsumer.TOPICS).containsExactly(Topics.COMMANDS, Topics.VIOLATIONS);
        assertThat(CommandConsumer.FETCH).doesNotContainKey(ConsumerConfig.FETCH_MIN_BYTES_CONFIG);
        assertThat((Integer) CommandConsumer.FETCH.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG))
                .as("longer than Kafka's 500 ms: fewer empty fetches while idle").isGreaterThan(500)
                .as("a fifth of the lease").isLessThanOrEqualTo((int) (DEFAULT_MAX_LEASE_MS / 5));
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
