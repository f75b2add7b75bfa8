package io.stressfw.deployment;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Safety-service reads every sample, and a source it does not hear for the stale gap stops the cycle: its consumer
 * must never be the silence (docs/benchmarks.md, "A paused machine").
 */
class SafetySamplesConsumerTest {
    private static final long HEARTBEAT_INTERVAL_MS = 1500;
    /** The whole machine paused, longer than the embedded broker's 3 s session: a VM snapshot here took 4.9 s. */
    private static final long MACHINE_PAUSE_MS = 6_000;

    private final ServiceConfig safety = ServiceModule.SAFETY.config();

    /** After a leader change a partition's samples can wait unread behind one fetch of the partitions nobody writes. */
    @Test
    void aFetchWaitsOnTheBrokerAQuarterOfTheStaleGapAtMost() {
        long staleGapMs = Duration.parse("PT" + safety.value("stress.safety.stale.gap", Map.of()).toUpperCase()).toMillis();
        long waitMs = Long.parseLong(safety.value("mp.messaging.incoming.samples-in.fetch.max.wait.ms", Map.of()));

        assertThat(waitMs).isLessThanOrEqualTo(staleGapMs / 4);
    }

    /** A rebalance leaves the samples unread for up to a second and a half of the stale gap's two. */
    @Test
    void aPauseOfTheWholeMachineKeepsTheGroupsMembership() {
        for (String channel : new String[]{"samples-in", "phase-events-in"}) {
            long sessionMs = Long.parseLong(safety.value("mp.messaging.incoming." + channel + ".session.timeout.ms", Map.of()));
            long heartbeatMs = Long.parseLong(safety.value("mp.messaging.incoming." + channel + ".heartbeat.interval.ms", Map.of()));

            assertThat(heartbeatMs).as(channel).isEqualTo(HEARTBEAT_INTERVAL_MS);
            assertThat(sessionMs - heartbeatMs).as(channel + ": the longest pause that keeps the membership")
                    .isGreaterThan(MACHINE_PAUSE_MS);
        }
    }
}
