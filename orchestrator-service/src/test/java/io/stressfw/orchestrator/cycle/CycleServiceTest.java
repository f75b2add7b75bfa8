package io.stressfw.orchestrator.cycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.stressfw.model.AbortedBy;
import io.stressfw.model.Command;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.Severity;
import io.stressfw.model.SourceKind;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.model.WireCodec;
import io.stressfw.orchestrator.cluster.ClusterState;
import io.stressfw.orchestrator.cluster.ScopeCaps;
import io.stressfw.orchestrator.config.CyclePlans;
import io.stressfw.orchestrator.config.CycleSettings;
import io.stressfw.orchestrator.config.OrchestratorSettings;
import io.stressfw.orchestrator.history.CycleHistory;
import io.stressfw.orchestrator.history.CycleRunReport;
import io.stressfw.orchestrator.history.PhaseRunReport;
import io.stressfw.orchestrator.integration.HttpProbe;
import io.stressfw.orchestrator.probe.ProbeReadings;
import io.stressfw.orchestrator.integration.WebhookNotifier;
import io.stressfw.orchestrator.live.LiveFeed;
import io.stressfw.service.OutboundMessages;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service without Quarkus: a clock moved by hand, channels that record what is sent, ticks called directly. */
class CycleServiceTest {
    private static final long START_MS = 1_700_000_000_000L;
    /** An admin's start that skips the interlock and keeps running without safety-service: most tests have none. */
    private static final SafetyOverride WITHOUT_SAFETY = new SafetyOverride(true, true, "test-admin");

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(START_MS);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    /** Everything sent on either channel, in send order, as "commands:" or "events:" plus the payload. */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<String> live = new CopyOnWriteArrayList<>();
    private Supplier<Uni<Void>> commandAcks = () -> Uni.createFrom().voidItem();

    private ClusterState cluster;
    private CycleHistory history;
    private CycleService service;

    @BeforeEach
    void setUp() {
        OrchestratorSettings orchestrator = ServiceStubs.orchestratorSettings(dataDir);
        LiveFeed feed = new LiveFeed(ServiceStubs.noConnections(), mapper);
        feed.stream().subscribe().with(live::add);
        cluster = new ClusterState(feed, orchestrator, ServiceStubs.safetySettings(), clock, clock::millis);
        history = new CycleHistory(mapper, orchestrator);
        service = newService(feed, orchestrator, ServiceStubs.cycleSettings());
    }

    private CycleService newService(LiveFeed feed, OrchestratorSettings orchestrator, CycleSettings settings) {
        String cycles = Path.of(resource("test_cycles.yaml")).toString();
        return new CycleService(channel("commands", () -> commandAcks.get()), channel("events", () -> Uni.createFrom().voidItem()),
                new OutboundMessages(registry), cluster, feed, history, new WebhookNotifier(orchestrator, mapper, registry, clock),
                new HttpProbe(orchestrator), new ProbeReadings(clock), new CyclePlans(() -> Optional.of(cycles)), settings,
                ServiceStubs.identity(), registry, clock);
    }

    /** The history's writer thread must be done with {@code dataDir} before JUnit deletes it. */
    @AfterEach
    void closeHistory() {
        history.close();
    }

    private List<PhasePlan> plan(Phase... phases) {
        CyclePlans plans = new CyclePlans(() -> Optional.of(Path.of(resource("test_cycles.yaml")).toString()));
        return plans.plan(List.of(phases));
    }

    private void runFor(long ms) {
        for (long t = 0; t < ms; t += 100) {
            clock.advance(100);
            service.tick();
        }
    }

    private List<Command> commands() throws Exception {
        List<Command> list = new ArrayList<>();
        for (String s : sent) {
            if (s.startsWith("commands:")) {
                list.add(WireCodec.decode(s.substring("commands:".length()), Command.class));
            }
        }
        return list;
    }

    private List<PhaseEvent> events() throws Exception {
        List<PhaseEvent> list = new ArrayList<>();
        for (String s : sent) {
            if (s.startsWith("events:")) {
                list.add(WireCodec.decode(s.substring("events:".length()), PhaseEvent.class));
            }
        }
        return list;
    }

    private List<PhaseCommand> phaseCommands() throws Exception {
        return commands().stream().filter(PhaseCommand.class::isInstance).map(PhaseCommand.class::cast).toList();
    }

    @Test
    void aStartSendsTheFirstLeasedCommandAndTheStartEventsAndSavesARunningReport() throws Exception {
        EngineSnapshot started = service.start(plan(Phase.MEDIUM), WITHOUT_SAFETY);

        PhaseCommand first = phaseCommands().get(0);
        assertThat(first.cycleId()).isEqualTo(started.cycleId());
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.issuedAtMs()).isEqualTo(START_MS);
        assertThat(first.leaseMs()).isEqualTo(5_000);
        assertThat(first.epoch()).isEqualTo(1);
        assertThat(events()).extracting(PhaseEvent::type)
                .containsExactly(PhaseEventType.CYCLE_STARTED, PhaseEventType.PHASE_STARTED);
        CycleRunReport report = history.get(started.cycleId()).orElseThrow();
        assertThat(report.outcome()).isEqualTo("running");
        assertThat(report.startedAtMs()).isEqualTo(START_MS);
        assertThat(report.overrideSafety()).isTrue();
        assertThat(live).anySatisfy(m -> assertThat(m).contains("\"type\":\"phase_change\"", "\"event\":\"started\"",
                "\"event_type\":\"phase_started\"",
                "\"planned_ramp_up_seconds\":1.0", "\"weights\":{\"cpu\":1.0,\"memory\":0.5,\"io\":0.2,\"network\":0.1}"));
        assertThat(service.running()).isTrue();
        assertThatThrownBy(() -> service.start(plan(Phase.LIGHT), WITHOUT_SAFETY)).isInstanceOf(CycleConflictException.class);
    }

    @Test
    void aShutdownWhileACycleRunsStopsEveryAgentAtOnceAndAbortsTheCycle() throws Exception {
        EngineSnapshot started = service.start(plan(Phase.MEDIUM), WITHOUT_SAFETY);
        runFor(1_000);

        service.onStop(null);

        Command last = commands().get(commands().size() - 1);
        assertThat(last).isInstanceOfSatisfying(StopCommand.class, stop -> {
            assertThat(stop.mode()).isEqualTo(StopMode.EMERGENCY);
            assertThat(stop.cycleId()).isEqualTo(started.cycleId());
            assertThat(stop.reason()).isEqualTo("the orchestrator shut down while the cycle ran");
        });
        PhaseEvent end = events().get(events().size() - 1);
        assertThat(end.type()).isEqualTo(PhaseEventType.CYCLE_ABORTED);
        assertThat(end.details(io.stressfw.model.CycleEndedDetails.class).abortedBy()).isEqualTo(AbortedBy.ORCHESTRATOR);
        CycleRunReport report = history.get(started.cycleId()).orElseThrow();
        assertThat(report.outcome()).isEqualTo("aborted");
        assertThat(report.abortedBy()).isEqualTo("orchestrator");
        assertThat(service.running()).isFalse();
    }

    @Test
    void aShutdownWithNoCycleRunningSendsNothing() {
        service.onStop(null);

        assertThat(sent).isEmpty();
    }

    @Test
    void aStartAnnouncesTheEndOfACycleTheLastProcessLeftRunning() throws Exception {
        CycleRunReport crashed = CycleRunReport.started("cycle-crashed", START_MS, false, List.of());
        crashed.phaseStarted("light", START_MS + 100, 25.0);
        crashed.currentPhase().holdStarted(START_MS + 2_100);
        history.save(crashed);
        history.close();
        history = new CycleHistory(mapper, ServiceStubs.orchestratorSettings(dataDir));
        history.load();
        CycleService restarted = newService(new LiveFeed(ServiceStubs.noConnections(), mapper),
                ServiceStubs.orchestratorSettings(dataDir), ServiceStubs.cycleSettings());

        restarted.onStart(null);
        try {
            assertThat(events()).singleElement().satisfies(event -> {
                assertThat(event.type()).isEqualTo(PhaseEventType.CYCLE_ABORTED);
                assertThat(event.cycleId()).isEqualTo("cycle-crashed");
                assertThat(event.timestampMs()).as("the hold's start, the last instant recorded").isEqualTo(START_MS + 2_100);
                assertThat(event.details(io.stressfw.model.CycleEndedDetails.class).abortedBy()).isEqualTo(AbortedBy.ORCHESTRATOR);
            });
            assertThat(commands()).as("no stop: the agents' leases ended that cycle's load long ago").isEmpty();
        } finally {
            restarted.onStop(null);
        }
    }

    /** Its own ticker: the engine ticks by itself, every hour while idle, and a start must not wait for that. */
    @Test
    void aStartTicksTheEngineAtOnceThoughIdleTicksAreAnHourApart() throws Exception {
        CycleService paced = newService(new LiveFeed(ServiceStubs.noConnections(), mapper),
                ServiceStubs.orchestratorSettings(dataDir), ServiceStubs.cycleSettings(Duration.ofHours(1)));
        paced.onStart(null);
        try {
            paced.start(plan(Phase.MEDIUM), WITHOUT_SAFETY);
            int first = phaseCommands().size();
            clock.advance(600);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(phaseCommands()).as("the lease renewed by a tick").hasSizeGreaterThan(first));
        } finally {
            paced.onStop(null);
        }
    }

    @Test
    void theLeaseIsRenewedEveryCommandIntervalWhileTheLoadHolds() throws Exception {
        service.start(plan(Phase.MEDIUM), WITHOUT_SAFETY);
        runFor(1_500);
        int before = phaseCommands().size();

        runFor(2_000);

        List<PhaseCommand> holding = phaseCommands().subList(before, phaseCommands().size());
        assertThat(holding).hasSize(4).allSatisfy(c -> assertThat(c.targetLoadPercent()).isEqualTo(50));
        for (int i = 1; i < holding.size(); i++) {
            assertThat(holding.get(i).issuedAtMs() - holding.get(i - 1).issuedAtMs()).isEqualTo(500);
            assertThat(holding.get(i).sequence()).isEqualTo(holding.get(i - 1).sequence() + 1);
        }
    }

    @Test
    void aCompletedCycleEndsWithAGracefulStopAndBecomesTheLastCycle() throws Exception {
        cluster.onHeartbeat(heartbeat("agent-1", ServiceKind.AGENT));
        cluster.onSample(agentSample("agent-1", 5, 5));
        String id = service.start(plan(Phase.IDLE), WITHOUT_SAFETY).cycleId();
        runFor(1_000);

        assertThat(service.running()).isFalse();
        Command last = commands().get(commands().size() - 1);
        assertThat(last).isInstanceOfSatisfying(StopCommand.class, s -> {
            assertThat(s.mode()).isEqualTo(StopMode.GRACEFUL);
            assertThat(s.reason()).isEqualTo("cycle completed");
        });
        assertThat(commands()).extracting(Command::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(events()).extracting(PhaseEvent::type).endsWith(PhaseEventType.PHASE_COMPLETED,
                PhaseEventType.CYCLE_COMPLETED);
        assertThat(service.lastCycle()).isEqualTo(new CycleService.LastCycle(id, "completed"));
        assertThat(history.get(id).orElseThrow().outcome()).isEqualTo("completed");
        assertThat(live).anySatisfy(m -> assertThat(m).contains("\"type\":\"cycle_report\"", id));
        assertThat(registry.counter("stress.cycles.finished", "outcome", "completed").count()).isEqualTo(1);
    }

    @Test
    void anEmergencyStopGoesOutFirstAndCompletesOnlyWhenKafkaAcknowledged() throws Exception {
        String id = service.start(plan(Phase.MEDIUM), WITHOUT_SAFETY).cycleId();
        runFor(500);
        List<io.smallrye.mutiny.subscription.UniEmitter<? super Void>> pending = new ArrayList<>();
        commandAcks = () -> Uni.createFrom().<Void>emitter(pending::add);
        int before = sent.size();

        UniAssertSubscriber<StopCommand> answer = service.emergencyStop(AbortedBy.OPERATOR, "operator emergency stop")
                .subscribe().withSubscriber(UniAssertSubscriber.create());

        assertThat(sent.get(before)).startsWith("commands:").contains("\"mode\":\"emergency\"", id);
        assertThat(events()).extracting(PhaseEvent::type).endsWith(PhaseEventType.PHASE_ABORTED, PhaseEventType.CYCLE_ABORTED);
        assertThat(commands()).filteredOn(StopCommand.class::isInstance).hasSize(1);
        answer.assertNotTerminated();
        pending.get(0).complete(null);
        StopCommand stop = answer.assertCompleted().getItem();
        assertThat(stop.mode()).isEqualTo(StopMode.EMERGENCY);
        assertThat(stop.cycleId()).isEqualTo(id);
        assertThat(stop.issuedBy()).isEqualTo("operator:orchestrator-test");
        assertThat(history.get(id).orElseThrow().abortedBy()).isEqualTo("operator");
        assertThat(service.lastCycle()).isEqualTo(new CycleService.LastCycle(id, "aborted"));
    }

    @Test
    void anEmergencyStopWithoutACycleStillHaltsTheAgents() throws Exception {
        StopCommand stop = service.emergencyStop(AbortedBy.OPERATOR, "just in case").await().atMost(Duration.ofSeconds(1));

        assertThat(stop.cycleId()).isNull();
        assertThat(commands()).containsExactly(stop);
        assertThat(events()).isEmpty();
    }

    @Test
    void aCycleThatDidNotOverrideSafetyStopsWhenTheSafetyHeartbeatIsLost() throws Exception {
        cluster.onHeartbeat(heartbeat("safety-1", ServiceKind.SAFETY));
        String id = service.start(plan(Phase.MEDIUM), SafetyOverride.NONE).cycleId();
        runFor(3_000);
        assertThat(service.running()).as("the heartbeat is 3 s old, not older").isTrue();

        runFor(100);

        assertThat(service.running()).isFalse();
        assertThat(commands()).filteredOn(StopCommand.class::isInstance).singleElement()
                .satisfies(s -> assertThat(((StopCommand) s).mode()).isEqualTo(StopMode.EMERGENCY));
        CycleRunReport report = history.get(id).orElseThrow();
        assertThat(report.abortedBy()).isEqualTo("orchestrator");
        assertThat(report.reason()).startsWith("safety-service heartbeat lost: none for 3.1 s while the orchestrator ran");
    }

    @Test
    void anOverriddenCycleRunsWithoutSafety() {
        service.start(plan(Phase.MEDIUM), WITHOUT_SAFETY);
        runFor(5_000);
        assertThat(service.running()).isTrue();
    }

    /**
     * Issue 18, hole 5: override_safety skipped the interlock AND switched the heartbeat watchdog off for the whole
     * cycle. Now only override_safety_watchdog does; on main this cycle ran on for good without safety-service.
     */
    @Test
    void overridingTheChecksKeepsTheWatchdogThatStopsTheLoadWhenSafetyIsLost() throws Exception {
        cluster.onHeartbeat(heartbeat("safety-1", ServiceKind.SAFETY));
        String id = service.start(plan(Phase.MEDIUM), new SafetyOverride(true, false, "api-key-0123456789ab (admin)")).cycleId();
        runFor(3_100);

        assertThat(service.running()).isFalse();
        assertThat(commands()).filteredOn(StopCommand.class::isInstance).singleElement()
                .satisfies(s -> assertThat(((StopCommand) s).mode()).isEqualTo(StopMode.EMERGENCY));
        CycleRunReport report = history.get(id).orElseThrow();
        assertThat(report.reason()).startsWith("safety-service heartbeat lost");
        assertThat(report.overrideSafety()).isTrue();
        assertThat(report.overrideSafetyWatchdog()).isFalse();
        assertThat(report.overrideSafetyBy()).isEqualTo("api-key-0123456789ab (admin)");
    }

    @Test
    void theReportNamesWhoSwitchedTheWatchdogOff() {
        cluster.onHeartbeat(heartbeat("safety-1", ServiceKind.SAFETY));
        String id = service.start(plan(Phase.MEDIUM), new SafetyOverride(false, true, "api-key-ba9876543210 (admin)")).cycleId();
        runFor(5_000);

        assertThat(service.running()).isTrue();
        CycleRunReport report = history.get(id).orElseThrow();
        assertThat(report.overrideSafety()).isFalse();
        assertThat(report.overrideSafetyWatchdog()).isTrue();
        assertThat(report.overrideSafetyBy()).isEqualTo("api-key-ba9876543210 (admin)");
    }

    @Test
    void throttleViolationsStepTheLoadBackOncePerCooldown() throws Exception {
        String id = service.start(plan(Phase.MEDIUM), WITHOUT_SAFETY).cycleId();
        runFor(1_500);
        int before = phaseCommands().size();

        service.onViolation(violation(SafetyAction.THROTTLE));
        service.onViolation(violation(SafetyAction.THROTTLE));

        assertThat(service.snapshot().targetLoadPercent()).isEqualTo(40);
        assertThat(phaseCommands().subList(before, phaseCommands().size())).singleElement()
                .satisfies(c -> assertThat(c.targetLoadPercent()).isEqualTo(40));
        clock.advance(CommandSchedule.THROTTLE_COOLDOWN_MS);
        service.onViolation(violation(SafetyAction.THROTTLE));
        assertThat(service.snapshot().targetLoadPercent()).isEqualTo(30);
        assertThat(history.get(id).orElseThrow().violations()).hasSize(3);
        assertThat(live).filteredOn(m -> m.contains("\"type\":\"safety_event\"")).hasSize(3)
                .first().satisfies(m -> assertThat(m).contains("\"timestamp_ms\":" + (START_MS + 1_500)));
    }

    @Test
    void aStopViolationAbortsTheCycleAsSafety() throws Exception {
        String id = service.start(plan(Phase.MEDIUM), WITHOUT_SAFETY).cycleId();

        service.onViolation(violation(SafetyAction.STOP));

        assertThat(service.running()).isFalse();
        CycleRunReport report = history.get(id).orElseThrow();
        assertThat(report.abortedBy()).isEqualTo("safety");
        assertThat(report.reason()).isEqualTo("safety violation cpu-high: cpu_usage 99 over 95");
        assertThat(report.violations()).extracting(Violation::ruleId).containsExactly("cpu-high");
        assertThat(commands()).filteredOn(StopCommand.class::isInstance).singleElement()
                .satisfies(s -> assertThat(((StopCommand) s).mode()).isEqualTo(StopMode.EMERGENCY));
    }

    @Test
    void aViolationWithoutACycleIsOnlyPassedOn() throws Exception {
        service.onViolation(violation(SafetyAction.STOP));

        assertThat(commands()).isEmpty();
        assertThat(live).anySatisfy(m -> assertThat(m).contains("\"type\":\"safety_event\"", "cpu-high"));
    }

    @Test
    void aCycleWhoseAgentsDidNotApplyAResourceEndsUnderTarget() throws Exception {
        cluster.onHeartbeat(heartbeat("agent-1", ServiceKind.AGENT));
        String id = service.start(plan(Phase.LIGHT), WITHOUT_SAFETY).cycleId();
        for (int t = 0; t < 4_000; t += 100) {
            cluster.onSample(agentSample("agent-1", 25, 25));
            runFor(100);
        }

        assertThat(service.running()).isFalse();
        CycleRunReport report = history.get(id).orElseThrow();
        assertThat(report.outcome()).isEqualTo("under_target");
        assertThat(report.phases().get(0).resources().get("cpu").verdict()).isEqualTo("met");
        assertThat(report.phases().get(0).resources().get("memory").verdict()).as("no agent reported memory").isEqualTo("no_data");
        assertThat(service.lastCycle()).isEqualTo(new CycleService.LastCycle(id, "under_target"));
        assertThat(registry.counter("stress.cycles.finished", "outcome", "under_target").count()).isEqualTo(1);
    }

    @Test
    void theAgentsAchievedLoadDuringTheHoldLandsInThePhaseReport() throws Exception {
        cluster.onHeartbeat(heartbeat("agent-1", ServiceKind.AGENT));
        String id = service.start(plan(Phase.IDLE), WITHOUT_SAFETY).cycleId();
        clock.advance(300);
        service.tick();
        cluster.onSample(agentSample("agent-1", 5, 4.5));
        runFor(1_000);

        PhaseRunReport idle = history.get(id).orElseThrow().phases().get(0);
        assertThat(idle.outcome()).isEqualTo("completed");
        assertThat(idle.achievedLoadPercent()).isEqualTo(4.5);
        assertThat(idle.holdStartedAtMs()).isEqualTo(START_MS + 200);
    }

    @Test
    void agentsOnDifferentHostsAreSentTheirPeersSinksWhileThePhaseHasNetworkLoad() throws Exception {
        List<String> pods = List.of("sink", "10.0.0.0/8:9100");
        cluster.onHeartbeat(agentHeartbeat("a1", ScopeCaps.agent("node-a", "10.0.1.1:9100", pods)));
        cluster.onHeartbeat(agentHeartbeat("b1", ScopeCaps.agent("node-b", "10.0.2.1:9100", pods)));
        service.start(plan(Phase.MEDIUM), WITHOUT_SAFETY);

        assertThat(phaseCommands().get(0).networkTargetsByAgent()).containsExactly(
                Map.entry("a1", List.of("10.0.2.1:9100")), Map.entry("b1", List.of("10.0.1.1:9100")));
        runFor(200);
        int before = phaseCommands().size();

        // A second agent on node-b: a1 keeps b1, b2 is paired with a1, and the command goes out at the next tick.
        cluster.onHeartbeat(agentHeartbeat("b2", ScopeCaps.agent("node-b", "10.0.2.2:9100", pods)));
        clock.advance(100);
        service.tick();

        assertThat(phaseCommands()).hasSize(before + 1);
        assertThat(phaseCommands().get(before).networkTargetsFor("b2")).containsExactly("10.0.1.1:9100");
    }

    @Test
    void aPhaseWithoutNetworkLoadNamesNoPeer() throws Exception {
        List<String> pods = List.of("sink", "10.0.0.0/8:9100");
        cluster.onHeartbeat(agentHeartbeat("a1", ScopeCaps.agent("node-a", "10.0.1.1:9100", pods)));
        cluster.onHeartbeat(agentHeartbeat("b1", ScopeCaps.agent("node-b", "10.0.2.1:9100", pods)));

        service.start(plan(Phase.LIGHT), WITHOUT_SAFETY);

        assertThat(phaseCommands().get(0).networkTargetsByAgent()).isEmpty();
    }

    @Test
    void thePhaseReportHasEachHostsTargetAgainstAchievedAndEachLinksMbps() throws Exception {
        cluster.onHeartbeat(agentHeartbeat("a1", ScopeCaps.withLinks(ScopeCaps.agent("node-a", "10.0.1.1:9100",
                List.of("sink")), Map.of("10.0.2.1:9100", 3.0))));
        String id = service.start(plan(Phase.IDLE), WITHOUT_SAFETY).cycleId();
        clock.advance(300);
        service.tick();
        cluster.onSample(agentSample("a1", 5, 4.5));
        runFor(1_000);

        PhaseRunReport idle = history.get(id).orElseThrow().phases().get(0);
        assertThat(idle.hosts()).singleElement().satisfies(host -> {
            assertThat(host.hostId()).isEqualTo("node-a");
            assertThat(host.agents()).containsExactly("a1");
            assertThat(host.target().get("cpu")).isEqualTo(5.0);
            assertThat(host.achieved().get("cpu")).isEqualTo(4.5);
        });
        assertThat(idle.networkLinks()).singleElement().satisfies(link -> {
            assertThat(link.fromAgent()).isEqualTo("a1");
            assertThat(link.mbps()).isEqualTo(3.0);
        });
        assertThat(mapper.writeValueAsString(history.get(id).orElseThrow())).contains("\"hosts\":[{\"host_id\":\"node-a\"",
                "\"network_links\":[{\"from_agent\":\"a1\"");
    }

    @Test
    void anAdjustmentIsSentAtOnceAndReportsThePreviousTarget() throws Exception {
        service.start(plan(Phase.MEDIUM), WITHOUT_SAFETY);
        runFor(1_500);
        int before = phaseCommands().size();

        List<CycleEvent> events = service.adjust(Phase.MEDIUM, 60);

        assertThat(events).singleElement().satisfies(e ->
                assertThat(e.details(io.stressfw.model.LoadAdjustedDetails.class).previousTargetLoadPercent()).isEqualTo(50));
        assertThat(phaseCommands().subList(before, phaseCommands().size())).isNotEmpty();
        assertThat(events()).extracting(PhaseEvent::type).contains(PhaseEventType.LOAD_ADJUSTED);
        runFor(200);
        assertThat(phaseCommands().get(phaseCommands().size() - 1).targetLoadPercent()).isEqualTo(60);
    }

    @Test
    void theEpochGrowsWithEachPhaseAndAnAdjustmentOfTheRunningPhaseNotWithRenewalsOrThrottles() throws Exception {
        service.start(plan(Phase.LIGHT, Phase.MEDIUM), WITHOUT_SAFETY);
        runFor(2_000);
        assertThat(phaseCommands()).hasSizeGreaterThan(4).allSatisfy(c -> assertThat(c.epoch()).isEqualTo(1));
        runFor(1_500);
        assertThat(service.snapshot().phase()).isEqualTo(Phase.MEDIUM);
        assertThat(phaseCommands()).filteredOn(c -> c.phase() == Phase.MEDIUM).isNotEmpty()
                .allSatisfy(c -> assertThat(c.epoch()).isEqualTo(2));
        int before = phaseCommands().size();

        service.onViolation(violation(SafetyAction.THROTTLE));
        runFor(600);
        assertThat(phaseCommands().subList(before, phaseCommands().size())).hasSizeGreaterThan(1)
                .allSatisfy(c -> assertThat(c.epoch()).isEqualTo(2));
        service.adjust(Phase.MEDIUM, 45);
        assertThat(phaseCommands().get(phaseCommands().size() - 1).epoch()).isEqualTo(3);
        runFor(600);
        assertThat(phaseCommands().get(phaseCommands().size() - 1).epoch()).isEqualTo(3);
    }

    @Test
    void anAgentThatStoppedByItselfPullsTheAchievedLoadDown() throws Exception {
        cluster.onHeartbeat(heartbeat("agent-1", ServiceKind.AGENT));
        cluster.onHeartbeat(heartbeat("agent-2", ServiceKind.AGENT));
        String id = service.start(plan(Phase.IDLE), WITHOUT_SAFETY).cycleId();
        clock.advance(300);
        service.tick();
        cluster.onSample(agentSample("agent-1", 5, 4.5));
        // A stopped agent's samples name no cycle and report nothing achieved: it still counts.
        cluster.onSample(agentSample("agent-2", 0, 0));
        runFor(1_000);

        assertThat(history.get(id).orElseThrow().phases().get(0).achievedLoadPercent()).isEqualTo(2.25);
    }

    @Test
    void aGracefulStopRampsDownAndEndsAbortedByTheOperator() throws Exception {
        String id = service.start(plan(Phase.MEDIUM), WITHOUT_SAFETY).cycleId();
        runFor(1_500);

        assertThat(service.stop(AbortedBy.OPERATOR, "enough")).isTrue();
        runFor(1_100);

        assertThat(service.running()).isFalse();
        assertThat(commands().get(commands().size() - 1)).isInstanceOfSatisfying(StopCommand.class, s -> {
            assertThat(s.mode()).isEqualTo(StopMode.GRACEFUL);
            assertThat(s.reason()).isEqualTo("enough");
        });
        assertThat(phaseCommands()).anySatisfy(c -> assertThat(c.targetLoadPercent()).isBetween(1.0, 49.0));
        assertThat(history.get(id).orElseThrow().abortedBy()).isEqualTo("operator");
        assertThatThrownBy(() -> service.adjust(Phase.MEDIUM, 10)).isInstanceOf(CycleConflictException.class);
    }

    // --- collaborators -------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private MutinyEmitter<String> channel(String name, Supplier<Uni<Void>> ack) {
        return (MutinyEmitter<String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{MutinyEmitter.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("sendMessage")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    sent.add(name + ":" + ((Message<String>) args[0]).getPayload());
                    return ack.get();
                });
    }

    private Heartbeat heartbeat(String id, ServiceKind kind) {
        return new Heartbeat(Versioned.SCHEMA_VERSION, id, kind, "test", "host-" + id, clock.millis() - 1000,
                clock.millis(), Map.of());
    }

    private Heartbeat agentHeartbeat(String id, Map<String, Object> capabilities) {
        return new Heartbeat(Versioned.SCHEMA_VERSION, id, ServiceKind.AGENT, "test", "pod-" + id, clock.millis() - 1000,
                clock.millis(), capabilities);
    }

    private MetricSample agentSample(String agentId, double target, double achieved) {
        return new MetricSample(Versioned.SCHEMA_VERSION, agentId, SourceKind.AGENT, "host-" + agentId, clock.millis(),
                null, null, Map.of(), Map.of("cpu", new GeneratorReading(target, achieved, null, "cores")));
    }

    private Violation violation(SafetyAction action) {
        return new Violation(Versioned.SCHEMA_VERSION, java.util.UUID.randomUUID().toString(), clock.millis(), "cpu-high",
                "cpu_usage", 99.0, 95, Severity.CRITICAL, action, "host-1", null, null, "cpu_usage 99 over 95");
    }

    private static String resource(String name) {
        try {
            return Path.of(CycleServiceTest.class.getClassLoader().getResource(name).toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
