package io.stressfw.deployment;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every agent and the orchestrator read every heartbeat. They fetch them in batches (one fetch per wait, not one per
 * record, which grew with the number of agents: issue 21), and the wait must stay short enough that a heartbeat sent each
 * second is still heard well inside the agent's 2 s {@code peer_settle} and the 3 s time-outs.
 */
class HeartbeatFetchTest {
    private static final long HEARTBEAT_INTERVAL_MS = 1000;
    private static final long PEER_SETTLE_MS = 2000;

    @Test
    void theOrchestratorFetchesHeartbeatsInBatchesHeardWithinTheAgentsPeerSettle() {
        // The agent's own consumer is checked beside it (PeerConsumerTest): it has no SmallRye channel.
        for (ServiceModule module : new ServiceModule[]{ServiceModule.ORCHESTRATOR}) {
            ServiceConfig config = module.config();
            long minBytes = Long.parseLong(config.value("mp.messaging.incoming.heartbeats-in.fetch.min.bytes", Map.of()));
            long waitMs = Long.parseLong(config.value("mp.messaging.incoming.heartbeats-in.fetch.max.wait.ms", Map.of()));
            assertThat(minBytes).as(module + ": a fetch waits for more than one heartbeat").isGreaterThan(1024);
            assertThat(HEARTBEAT_INTERVAL_MS + waitMs).as(module + ": latest a heartbeat is heard, with half a second to spare")
                    .isLessThanOrEqualTo(PEER_SETTLE_MS - 500);
        }
    }
}
