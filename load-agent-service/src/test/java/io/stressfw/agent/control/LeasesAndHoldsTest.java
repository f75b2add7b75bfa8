package io.stressfw.agent.control;

import io.stressfw.agent.generator.NetworkLoadGenerator;
import io.stressfw.model.ResourceKind;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.StopMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.stressfw.agent.control.TestAgents.phase;
import static io.stressfw.agent.control.TestAgents.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leases as durations on the agent's monotonic clock (whatever either wall clock says), capped by the agent; the skew
 * it reports; stops that hold for their cycle until a higher epoch; network bounds per cycle. Clocks moved by hand.
 */
class LeasesAndHoldsTest {
    private static final ResourceWeights CPU_ONLY = ResourceWeights.CPU_ONLY;
    private static final long TEN_MINUTES_MS = 600_000;
    @TempDir
    Path scratchBase;
    private final ManualClock clock = new ManualClock(1_795_000_000_000L);
    private TestAgents agent;

    private AgentController agent(TestAgents.Builder builder) {
        agent = builder.clock(clock.clock()).build();
        return agent.controller;
    }

    private AgentController agent() {
        return agent(TestAgents.builder("agent-lease", scratchBase));
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aLeaseRunsOnTheMonotonicClockFromArrivalWhateverEitherWallClockSays() {
        AgentController controller = agent();
        for (long senderOffsetMs : new long[]{-TEN_MINUTES_MS, TEN_MINUTES_MS}) {
            String cycle = "c" + senderOffsetMs;
            CommandOutcome outcome = controller.onCommand(phase(cycle, 1, clock.wallMs() + senderOffsetMs, 5000, 20,
                    CPU_ONLY, 0, null));
            assertThat(outcome.kind()).as("sender %d ms off", senderOffsetMs).isEqualTo(CommandOutcome.Kind.APPLIED);
            clock.advance(2000);
            // The agent's own wall clock is stepped an hour back and forth: the lease does not move.
            clock.shiftWall(-3_600_000);
            controller.tick();
            clock.shiftWall(7_200_000);
            clock.advance(2999);
            controller.tick();
            assertThat(controller.state()).isEqualTo(AgentState.RUNNING);
            assertThat(controller.status().leaseRemainingMs()).isEqualTo(1);
            clock.advance(1);
            controller.tick();
            assertThat(controller.state()).isEqualTo(AgentState.STOPPED);
            assertThat(controller.lastStopReason()).contains("lease", cycle, "ran out after 5000 ms without renewal");
            clock.shiftWall(-3_600_000);
        }
    }

    @Test
    void aHugeLeaseIsCappedByTheAgentsOwnMaximum() {
        AgentController controller = agent(TestAgents.builder("agent-cap", scratchBase).maxLease(Duration.ofSeconds(3)));
        controller.onCommand(phase("c1", 1, clock.wallMs(), Long.MAX_VALUE, 20, CPU_ONLY, 0, null));
        assertThat(controller.status().leaseRemainingMs()).isEqualTo(3000);
        assertThat(controller.status().notes().get("lease")).contains("capped at 3000 ms");
        clock.advance(2999);
        controller.tick();
        assertThat(controller.state()).isEqualTo(AgentState.RUNNING);
        clock.advance(1);
        controller.tick();
        assertThat(controller.state()).isEqualTo(AgentState.STOPPED);
        assertThat(agent.controller.generators().get(ResourceKind.CPU).targetPercent()).isZero();
    }

    @Test
    void theSkewIsTheSmallestDifferenceOverRecentCommandsAndWarnsAboveASecond() {
        AgentController controller = agent();
        // The agent is 1.5 s ahead; commands take 0 to 300 ms in transit, which only ever adds.
        long[] transits = {300, 120, 0, 250};
        for (int i = 0; i < transits.length; i++) {
            controller.onCommand(phase("c1", i + 1, clock.wallMs() - 1500 - transits[i], 5000, 20, CPU_ONLY, 0, null));
        }
        assertThat(controller.status().clockSkewMs()).isEqualTo(1500);
        assertThat(controller.status().notes().get("clock_skew")).isEqualTo(
                "wall clock 1500 ms ahead of the orchestrator's (transit included)");
        for (int i = 0; i < ClockSkew.WINDOW; i++) {
            controller.onCommand(phase("c1", 10 + i, clock.wallMs() + 400, 5000, 20, CPU_ONLY, 0, null));
        }
        assertThat(controller.status().clockSkewMs()).isEqualTo(-400);
        assertThat(controller.status().notes()).doesNotContainKey("clock_skew");
    }

    @Test
    void aLeaseExpiryHoldsTheCycleUntilACommandOfAHigherEpoch() {
        AgentController controller = agent();
        controller.onCommand(phase("c1", 1, 1, clock.wallMs(), 2000, 20, CPU_ONLY, 0, null));
        clock.advance(2000);
        controller.tick();
        assertThat(controller.state()).isEqualTo(AgentState.STOPPED);

        CommandOutcome late = controller.onCommand(phase("c1", 2, 1, clock.wallMs(), 2000, 20, CPU_ONLY, 0, null));

        assertThat(late.kind()).isEqualTo(CommandOutcome.Kind.IGNORED);
        assertThat(late.reason()).contains("cycle c1 stopped at epoch 1", "lease");
        assertThat(controller.onCommand(phase("c1", 3, 2, clock.wallMs(), 2000, 20, CPU_ONLY, 0, null)).kind())
                .isEqualTo(CommandOutcome.Kind.APPLIED);
        assertThat(controller.status().epoch()).isEqualTo(2);
    }

    @Test
    void aStopCommandHoldsItsCycleAtTheEpochTheAgentSawAndANewCycleIsNotHeld() {
        AgentController controller = agent();
        controller.onCommand(phase("c1", 1, 3, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null));
        controller.onCommand(stop("c1", 2, clock.wallMs(), StopMode.GRACEFUL));
        clock.advance(500);
        controller.tick();
        assertThat(controller.state()).isEqualTo(AgentState.STOPPED);

        assertThat(controller.onCommand(phase("c1", 3, 3, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null)).kind())
                .isEqualTo(CommandOutcome.Kind.IGNORED);
        assertThat(controller.onCommand(phase("c2", 1, 1, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null)).kind())
                .isEqualTo(CommandOutcome.Kind.APPLIED);
        assertThat(controller.onCommand(phase("c1", 4, 4, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null)).kind())
                .isEqualTo(CommandOutcome.Kind.APPLIED);
    }

    @Test
    void anUnusableMessageStopsALoadedAgentAndHoldsItsCycle() {
        AgentController controller = agent();
        assertThat(controller.onUnusableMessage("stress.commands@7", "not valid JSON").kind())
                .as("an idle agent has nothing to stop").isEqualTo(CommandOutcome.Kind.IGNORED);
        controller.onCommand(phase("c1", 1, 1, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null));

        assertThat(controller.onUnusableMessage("stress.commands@8", "not valid JSON").kind())
                .isEqualTo(CommandOutcome.Kind.APPLIED);

        assertThat(controller.state()).isEqualTo(AgentState.STOPPED);
        assertThat(controller.lastStopReason()).isEqualTo(
                "unusable message on stress.commands@8 (it may have been a stop): not valid JSON");
        assertThat(controller.onCommand(phase("c1", 2, 1, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null)).kind())
                .isEqualTo(CommandOutcome.Kind.IGNORED);
    }

    @Test
    void theNetworkBoundsHoldForTheWholeCycleAndANewCycleRearmsThem() {
        long bound = 256 * 1024;
        AgentController controller = agent(TestAgents.builder("agent-net", scratchBase).networkMaxRunBytes(bound));
        NetworkLoadGenerator network = controller.generators().network();
        ResourceWeights networkOnly = new ResourceWeights(0, 0, 0, 1);
        controller.onCommand(phase("c1", 1, 1, clock.wallMs(), 5000, 100, networkOnly, 0, null));
        await().atMost(Duration.ofSeconds(5)).until(network::exhausted);

        // The orchestrator's renewals, each with a new sequence, and the next phase of the same cycle.
        long sequence = 1;
        for (long epoch : new long[]{1, 1, 1, 2, 2}) {
            controller.onCommand(phase("c1", ++sequence, epoch, clock.wallMs(), 5000, 100, networkOnly, 0, null));
            controller.tick();
        }
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> network.exhausted()
                && network.bytesSent() <= bound + NetworkLoadGenerator.WRITE_BYTES && network.openConnections() == 0);
        assertThat(controller.status().notes().get("network")).contains("byte bound");

        controller.onCommand(phase("c2", 1, 1, clock.wallMs(), 5000, 100, networkOnly, 0, null));
        await().atMost(Duration.ofSeconds(5)).until(() -> network.bytesSent() > bound + NetworkLoadGenerator.WRITE_BYTES);
    }
}
