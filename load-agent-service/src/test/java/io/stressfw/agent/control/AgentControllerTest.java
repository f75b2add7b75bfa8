package io.stressfw.agent.control;

import io.stressfw.model.LoadLimits;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.ResourceKind;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import io.stressfw.model.StopMode;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.stressfw.agent.control.TestAgents.phase;
import static io.stressfw.agent.control.TestAgents.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

class AgentControllerTest {
    private static final ResourceWeights ALL = new ResourceWeights(1, 0.5, 0.5, 0.25);
    private static final ResourceWeights CPU_ONLY = ResourceWeights.CPU_ONLY;
    @TempDir
    Path scratchBase;
    /** The agent's clocks; commands are issued by a sender whose wall clock agrees with the agent's unless said. */
    private final ManualClock clock = new ManualClock(1_000_000);
    private TestAgents agent;
    private AgentController controller;

    @BeforeEach
    void setUp() {
        agent = new TestAgents("agent-test", scratchBase, clock.clock());
        controller = agent.controller;
    }

    @AfterEach
    void tearDown() {
        agent.close();
    }

    @Test
    void phaseCommandSetsEachGeneratorToLoadTimesItsWeightAtOnce() {
        CommandOutcome outcome = controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 20, ALL, 0, null));
        assertThat(outcome.kind()).isEqualTo(CommandOutcome.Kind.APPLIED);
        AgentStatus status = controller.status();
        assertThat(status.state()).isEqualTo(AgentState.RUNNING);
        assertThat(status.cycleId()).isEqualTo("c1");
        assertThat(status.phase()).isEqualTo(Phase.LIGHT);
        assertThat(status.generators().get("cpu").targetPercent()).isEqualTo(20);
        assertThat(status.generators().get("memory").targetPercent()).isEqualTo(10);
        assertThat(status.generators().get("io").targetPercent()).isEqualTo(10);
        assertThat(status.generators().get("network").targetPercent()).isEqualTo(5);
    }

    @Test
    void theWatchdogIdlesAtHalfItsBoundUntilAPhaseCommandGivesTheAgentLoad() {
        assertThat(controller.watchdog().nextPeriodNanos()).isEqualTo(500_000_000L);
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null));
        assertThat(controller.watchdog().nextPeriodNanos()).isEqualTo(100_000_000L);
    }

    @Test
    void rampsLinearlyFromTheCurrentLoadToTheNewTarget() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 10, CPU_ONLY, 0, null));
        controller.onCommand(phase("c1", 2, clock.wallMs(), 5000, 30, CPU_ONLY, 2, null));
        assertThat(cpuTarget()).isCloseTo(10, within(0.01));
        clock.advance(1000);
        controller.tick();
        assertThat(cpuTarget()).isCloseTo(20, within(0.01));
        clock.advance(1000);
        controller.tick();
        assertThat(cpuTarget()).isCloseTo(30, within(0.01));
    }

    @Test
    void emergencyStopZeroesEveryGeneratorAndReleasesMemoryAtOnce() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 50, ALL, 0, null));
        await().atMost(Duration.ofSeconds(3)).until(() -> controller.resources().allocatedMemoryMb() == 4);
        controller.onCommand(stop("c1", 2, clock.wallMs(), StopMode.EMERGENCY));
        AgentStatus status = controller.status();
        assertThat(status.state()).isEqualTo(AgentState.STOPPED);
        assertThat(status.generators().values()).allSatisfy(g -> assertThat(g.targetPercent()).isZero());
        assertThat(status.resources().allocatedMemoryMb()).isZero();
        assertThat(status.lastStopLatencyMs()).isLessThan(100);
        assertThat(status.lastStopReason()).contains("test stop");
        await().atMost(Duration.ofSeconds(1)).until(() -> controller.resources().released());
    }

    @Test
    void aStopWithoutCycleIdStopsWhateverCycleRuns() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null));
        controller.onCommand(stop(null, 0, clock.wallMs(), StopMode.EMERGENCY));
        assertThat(controller.state()).isEqualTo(AgentState.STOPPED);
        assertThat(cpuTarget()).isZero();
    }

    @Test
    void gracefulStopRampsToZeroThenIdles() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 40, CPU_ONLY, 0, null));
        controller.onCommand(stop("c1", 2, clock.wallMs(), StopMode.GRACEFUL));
        assertThat(controller.state()).isEqualTo(AgentState.STOPPING);
        clock.advance(250);
        controller.tick();
        assertThat(cpuTarget()).isCloseTo(20, within(0.01));
        clock.advance(250);
        controller.tick();
        assertThat(controller.state()).isEqualTo(AgentState.STOPPED);
        assertThat(cpuTarget()).isZero();
    }

    @Test
    void aClosedAgentStopsItsLoadAndLoadsNoMoreWhateverArrivesDuringItsShutdown() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null));

        controller.close();

        assertThat(controller.state()).isEqualTo(AgentState.STOPPED);
        assertThat(controller.lastStopReason()).isEqualTo("agent shutting down");
        // A new cycle, which no stop of c1 holds back: only the shutdown refuses it.
        CommandOutcome late = controller.onCommand(phase("c2", 1, clock.wallMs(), 5000, 30, CPU_ONLY, 0, null));
        assertThat(late.kind()).isEqualTo(CommandOutcome.Kind.IGNORED);
        assertThat(late.reason()).contains("shutting down");
        assertThat(controller.state()).isEqualTo(AgentState.STOPPED);
        assertThat(cpuTarget()).isZero();
    }

    @Test
    void aViolationWithStopActionIsAnEmergencyStopEvenForAnotherCycle() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null));
        controller.onViolation(violation(SafetyAction.STOP, "other-cycle"));
        assertThat(controller.state()).isEqualTo(AgentState.STOPPED);
        assertThat(controller.lastStopReason()).contains("cpu-critical");
    }

    @Test
    void aViolationThatOnlyWarnsLeavesTheLoadAlone() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null));
        assertThat(controller.onViolation(violation(SafetyAction.WARN, "c1")).kind()).isEqualTo(CommandOutcome.Kind.IGNORED);
        assertThat(controller.state()).isEqualTo(AgentState.RUNNING);
    }

    @Test
    void anExpiredLeaseStopsAllLoadAndSaysWhy() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null));
        clock.advance(4999);
        controller.tick();
        assertThat(controller.state()).isEqualTo(AgentState.RUNNING);
        clock.advance(1);
        controller.tick();
        assertThat(controller.state()).isEqualTo(AgentState.STOPPED);
        assertThat(controller.lastStopReason()).contains("lease").contains("without renewal");
        assertThat(cpuTarget()).isZero();
    }

    @Test
    void aRenewalExtendsTheLeaseWithoutRestartingTheRamp() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 40, CPU_ONLY, 4, null));
        clock.advance(2000);
        controller.tick();
        CommandOutcome renewal = controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 40, CPU_ONLY, 4, null));
        assertThat(renewal.kind()).isEqualTo(CommandOutcome.Kind.RENEWED);
        assertThat(cpuTarget()).isCloseTo(20, within(0.01));
        clock.advance(4000);
        controller.tick();
        assertThat(controller.state()).isEqualTo(AgentState.RUNNING);
        assertThat(controller.status().leaseExpiresAtMs()).isEqualTo(1_000_000 + 2000 + 5000);
        assertThat(controller.status().leaseRemainingMs()).isEqualTo(1000);
    }

    @Test
    void aCommandIssuedLongAgoBySkewedClocksStillGetsItsWholeLeaseFromItsArrival() {
        // Before leases were durations, a sender 10 s behind made every command look expired on arrival.
        CommandOutcome outcome = controller.onCommand(phase("c1", 1, clock.wallMs() - 10_000, 5000, 20, CPU_ONLY, 0, null));
        assertThat(outcome.kind()).isEqualTo(CommandOutcome.Kind.APPLIED);
        assertThat(controller.status().leaseRemainingMs()).isEqualTo(5000);
        assertThat(controller.status().clockSkewMs()).isEqualTo(10_000);
    }

    @Test
    void ignoresASequenceOlderThanTheLastAppliedForTheCycle() {
        controller.onCommand(phase("c1", 5, clock.wallMs(), 5000, 30, CPU_ONLY, 0, null));
        CommandOutcome outcome = controller.onCommand(phase("c1", 4, clock.wallMs(), 5000, 80, CPU_ONLY, 0, null));
        assertThat(outcome.kind()).isEqualTo(CommandOutcome.Kind.IGNORED);
        assertThat(cpuTarget()).isEqualTo(30);
    }

    @Test
    void aRenewalOfAStoppedCommandDoesNotRestartTheLoad() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 30, CPU_ONLY, 0, null));
        controller.onViolation(violation(SafetyAction.STOP, "c1"));
        CommandOutcome outcome = controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 30, CPU_ONLY, 0, null));
        assertThat(outcome.kind()).isEqualTo(CommandOutcome.Kind.IGNORED);
        assertThat(controller.state()).isEqualTo(AgentState.STOPPED);
        // The orchestrator numbers every renewal: a newer sequence of the same epoch is still a renewal.
        CommandOutcome renewal = controller.onCommand(phase("c1", 2, 1, clock.wallMs(), 5000, 30, CPU_ONLY, 0, null));
        assertThat(renewal.kind()).isEqualTo(CommandOutcome.Kind.IGNORED);
        assertThat(renewal.reason()).contains("stopped at epoch 1", "cpu-critical", "higher epoch");
        assertThat(controller.state()).isEqualTo(AgentState.STOPPED);
        assertThat(cpuTarget()).isZero();
        assertThat(controller.onCommand(phase("c1", 3, 2, clock.wallMs(), 5000, 30, CPU_ONLY, 0, null)).kind())
                .as("a new phase (higher epoch) loads again").isEqualTo(CommandOutcome.Kind.APPLIED);
        assertThat(cpuTarget()).isEqualTo(30);
    }

    @Test
    void refusesACommandThatAsksToRaiseACapAndKeepsTheCurrentLoad() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null));
        CommandOutcome outcome = controller.onCommand(phase("c1", 2, clock.wallMs(), 5000, 90, ALL, 0,
                new LoadLimits(TestAgents.MEMORY_CAP_MB * 100, null, null, null)));
        assertThat(outcome.kind()).isEqualTo(CommandOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains("limits.memory_mb").contains("only lower");
        assertThat(cpuTarget()).isEqualTo(20);
        assertThat(controller.status().caps().get("memory_mb").effective()).isEqualTo(TestAgents.MEMORY_CAP_MB);
        for (LoadLimits raising : List.of(new LoadLimits(null, 1000.0, null, null), new LoadLimits(null, null, 1000.0, null),
                new LoadLimits(null, null, null, 1e6))) {
            assertThat(controller.onCommand(phase("c1", 3, clock.wallMs(), 5000, 20, CPU_ONLY, 0, raising)).kind())
                    .isEqualTo(CommandOutcome.Kind.REFUSED);
        }
    }

    @Test
    void lowerCapsFromACommandAreApplied() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 100, ALL, 0, new LoadLimits(4.0, 1.0, 1.0, 10.0)));
        AgentStatus status = controller.status();
        assertThat(status.caps().get("memory_mb").effective()).isEqualTo(4);
        assertThat(status.caps().get("disk_mb").effective()).isEqualTo(1);
        assertThat(status.caps().get("network_mbps").effective()).isEqualTo(1);
        assertThat(status.caps().get("io_ops_per_second").effective()).isEqualTo(10);
        await().atMost(Duration.ofSeconds(3)).until(() -> controller.resources().allocatedMemoryMb() == 2);
    }

    @Test
    void aCommandWithoutLimitsRestoresTheConfiguredCaps() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 20, CPU_ONLY, 0, new LoadLimits(4.0, 1.0, 1.0, 10.0)));
        controller.onCommand(phase("c1", 2, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null));
        assertThat(controller.status().caps().values()).allSatisfy(cap -> assertThat(cap.effective()).isEqualTo(cap.configured()));
    }

    @Test
    void statusHasEveryGeneratorCapAndNoteInItsFixedOrder() {
        AgentStatus idle = controller.status();
        assertThat(idle.generators()).containsOnlyKeys("cpu", "memory", "io", "network");
        assertThat(idle.generators().keySet()).containsExactly("cpu", "memory", "io", "network");
        assertThat(idle.generators().values()).extracting(AgentStatus.Generator::unit)
                .containsExactly("cores", "mb", "iops", "mbps");
        assertThat(idle.generators().values()).extracting(AgentStatus.Generator::cap)
                .containsExactly(1.0, TestAgents.MEMORY_CAP_MB, TestAgents.IO_OPS, TestAgents.NETWORK_MBPS);
        assertThat(idle.caps().keySet()).containsExactly("cpu_cores", "memory_mb", "disk_mb", "io_ops_per_second", "network_mbps");
        assertThat(idle.caps().values()).containsExactly(new AgentStatus.Cap(1, 1, "cores"),
                new AgentStatus.Cap(TestAgents.MEMORY_CAP_MB, TestAgents.MEMORY_CAP_MB, "mb"),
                new AgentStatus.Cap(TestAgents.DISK_CAP_MB, TestAgents.DISK_CAP_MB, "mb"),
                new AgentStatus.Cap(TestAgents.IO_OPS, TestAgents.IO_OPS, "iops"),
                new AgentStatus.Cap(TestAgents.NETWORK_MBPS, TestAgents.NETWORK_MBPS, "mbps"));
        assertThat(idle.notes()).containsExactly(java.util.Map.entry("scope", "container"));
        assertThat(idle.resources()).isEqualTo(new AgentStatus.Resources(0, 0, 0, 0));
        assertThat(idle.state()).isEqualTo(AgentState.IDLE);
        assertThat(idle.cycleId()).isNull();
        assertThat(idle.leaseExpiresAtMs()).isNull();
        assertThat(idle.leaseRemainingMs()).isNull();
        assertThat(idle.clockSkewMs()).isNull();
        assertThat(idle.epoch()).isNull();
        assertThat(idle.controlLoop().live()).isTrue();
        assertThat(idle.lastStopReason()).isNull();
    }

    @Test
    void resourcesCountWhatEveryGeneratorHolds() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 100, new ResourceWeights(0.1, 0.25, 1, 1), 0, null));
        // cpu: one worker and its controller; memory, io, network: one worker each; 4 MB of the 16 MB cap.
        await().atMost(Duration.ofSeconds(5)).until(() -> controller.resources().equals(new AgentStatus.Resources(5, 1, 2, 4)));
        controller.onCommand(stop("c1", 2, clock.wallMs(), StopMode.EMERGENCY));
        await().atMost(Duration.ofSeconds(1)).until(() -> controller.resources().released());
    }

    @Test
    void rejectsAGracefulStopRampLongerThanTwoSeconds() {
        assertThatThrownBy(() -> AgentController.builder("a", controller.generators(), controller.allowlist()).gracefulStopMs(2001))
                .hasMessageContaining("graceful_stop_ms must be between 0 and 2000, was 2001");
        assertThatThrownBy(() -> AgentController.builder(" ", controller.generators(), controller.allowlist()))
                .hasMessageContaining("agent id must not be blank");
    }

    @Test
    void refusesANetworkTargetOutsideTheAllowlist() {
        CommandOutcome outcome = controller.onCommand(withTargets(phase("c1", 1, clock.wallMs(), 5000, 20, ALL, 0, null), "10.1.2.3:80"));
        assertThat(outcome.kind()).isEqualTo(CommandOutcome.Kind.REFUSED);
        assertThat(outcome.reason()).contains("10.1.2.3:80");
        assertThat(controller.state()).isEqualTo(AgentState.IDLE);
    }

    /**
     * The orchestrator gives each agent its peer's sink by agent id; an entry for another agent is none of this one's
     * business, its own entry must be allowlisted like any target.
     */
    @Test
    void followsTheTargetsTheCommandGivesItByIdWithinItsAllowlist() {
        TestAgents ranged = TestAgents.builder("agent-ranged", scratchBase).clock(clock.clock())
                .allowed(List.of("sink", "127.0.0.0/8:*")).build();
        try {
            PhaseCommand base = phase("c1", 1, clock.wallMs(), 5000, 20, ALL, 0, null);
            PhaseCommand paired = base.withNetworkTargetsByAgent(java.util.Map.of("agent-ranged",
                    List.of("127.0.0.2:9100"), "agent-elsewhere", List.of("10.9.9.9:1")));

            assertThat(ranged.controller.onCommand(paired).kind()).isEqualTo(CommandOutcome.Kind.APPLIED);
            assertThat(ranged.controller.generators().network().targets())
                    .containsExactly(java.net.InetSocketAddress.createUnresolved("127.0.0.2", 9100));

            PhaseCommand outside = base.toBuilder().commandId("cmd-outside").sequence(2)
                    .networkTargetsByAgent(java.util.Map.of("agent-ranged", List.of("10.9.9.9:1"))).build();
            CommandOutcome refused = ranged.controller.onCommand(outside);
            assertThat(refused.kind()).isEqualTo(CommandOutcome.Kind.REFUSED);
            assertThat(refused.reason()).contains("'10.9.9.9:1' is not in the agent's allowlist");
        } finally {
            ranged.close();
        }
    }

    @Test
    void losingTheBrokerStopsAllLoad() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null));
        controller.onBrokerUnreachable("no answer for 3000 ms");
        assertThat(controller.state()).isEqualTo(AgentState.STOPPED);
        assertThat(controller.lastStopReason()).startsWith("broker unreachable");
    }

    @Test
    void samplesCarryTheCycleAndEveryGenerator() {
        controller.onCommand(phase("c1", 1, clock.wallMs(), 5000, 20, ALL, 0, null));
        var sample = controller.sample("host-a", java.util.Map.of("cpu_usage", 1.0));
        assertThat(sample.sourceId()).isEqualTo("agent-test");
        assertThat(sample.cycleId()).isEqualTo("c1");
        assertThat(sample.generators()).containsOnlyKeys("cpu", "memory", "io", "network");
        assertThat(sample.generators().get("cpu").targetPercent()).isEqualTo(20);
        controller.onCommand(stop(null, 0, clock.wallMs(), StopMode.EMERGENCY));
        assertThat(controller.sample("host-a", java.util.Map.of()).cycleId()).isNull();
    }

    private double cpuTarget() {
        return controller.generators().get(ResourceKind.CPU).targetPercent();
    }

    private Violation violation(SafetyAction action, String cycle) {
        return new Violation(Versioned.SCHEMA_VERSION, "v-1", clock.wallMs(), "cpu-critical", "cpu_usage", 97.0, 95,
                Severity.CRITICAL, action, "host-1", cycle, Phase.CHAOS, "cpu above 95%");
    }

    private static PhaseCommand withTargets(PhaseCommand c, String... targets) {
        return c.toBuilder().networkTargets(List.of(targets)).build();
    }
}
