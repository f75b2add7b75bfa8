package io.stressfw.orchestrator.cycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.stressfw.model.AbortedBy;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.Checks;
import io.stressfw.model.CycleEndedDetails;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.orchestrator.cluster.ClusterState;
import io.stressfw.orchestrator.config.CyclePlans;
import io.stressfw.orchestrator.config.CycleSettings;
import io.stressfw.orchestrator.history.CycleHistory;
import io.stressfw.orchestrator.integration.HttpProbe;
import io.stressfw.orchestrator.probe.ProbeReadings;
import io.stressfw.orchestrator.slo.SteadyStateCheck;
import io.stressfw.orchestrator.history.CycleRunReport;
import io.stressfw.orchestrator.integration.WebhookNotifier;
import io.stressfw.orchestrator.live.LiveFeed;
import io.stressfw.service.OutboundMessages;
import io.stressfw.service.PacedTicker;
import io.stressfw.service.ServiceIdentity;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Adapts the {@link CycleEngine} to the outside world: ticks it on its own scheduler thread (never the event loop),
 * sends the commands its {@link CommandSchedule} says are due on {@code stress.commands}, its events on
 * {@code stress.phase-events}, to webhooks and live clients, keeps the cycle's report through a
 * {@link CycleRecorder}, and applies the safety interlock (stop and throttle violations, lost safety heartbeat).
 * One lock guards the engine, the schedule and the recorder. Nothing done under it waits for I/O: sends start at
 * once and complete later, and the history only serializes the report (its writer thread does the disk), so an
 * emergency stop never queues behind a slow disk. Kept as one class past 300 lines: every entry point (start, stop,
 * tick, violation, shutdown) works under that one lock on the same engine; the decisions themselves are in the engine,
 * the schedule, the recorder and {@link InterruptedCycles}.
 */
@Startup
@ApplicationScoped
public class CycleService {
    private static final Logger LOG = Logger.getLogger(CycleService.class);
    /** Agents read every command; one key keeps all of them, phase and stop, in one partition and in order. */
    static final String COMMAND_KEY = "all";
    static final String SHUTDOWN_REASON = "the orchestrator shut down while the cycle ran";
    /** Within the 5 s a SIGTERM may take for the whole platform; the services' own stops take about 1 s. */
    private static final Duration SHUTDOWN_STOP_ACK = Duration.ofSeconds(2);

    /** The cycle that ended last in this process, read without the lock (by /status) as one consistent pair. */
    public record LastCycle(String cycleId, String outcome) {
        static final LastCycle NONE = new LastCycle(null, null);
    }

    private final MutinyEmitter<String> commands;
    private final MutinyEmitter<String> phaseEvents;
    private final OutboundMessages outbound;
    private final ClusterState cluster;
    private final LiveFeed feed;
    private final CycleHistory history;
    private final WebhookNotifier webhooks;
    private final HttpProbe probe;
    private final ProbeReadings probeReadings;
    private final CyclePlans plans;
    private final CycleSettings settings;
    private final ServiceIdentity identity;
    private final MeterRegistry registry;
    private final Clock clock;
    private final CommandSchedule schedule;
    private final ResourceTolerances tolerances;
    private final Object lock = new Object();
    /** Ticks every {@code tick} while a cycle runs, every {@code idle-tick} otherwise; a start hurries it. */
    private volatile PacedTicker ticker;

    private CycleEngine engine;
    private CycleRecorder recorder;
    private final PeerTargets peerTargets;
    private SafetyOverride safetyOverride = SafetyOverride.NONE;
    /** The running (or last) cycle's plan: its probes and SLO judge the recovery after the ramp-down. */
    private PlanOrigin cycleOrigin;
    private volatile LastCycle lastCycle = LastCycle.NONE;
    private volatile PendingRecovery pendingRecovery;

    @Inject
    public CycleService(@Channel("commands-out") MutinyEmitter<String> commands,
                        @Channel("phase-events-out") MutinyEmitter<String> phaseEvents,
                        OutboundMessages outbound, ClusterState cluster, LiveFeed feed, CycleHistory history,
                        WebhookNotifier webhooks, HttpProbe probe, ProbeReadings probeReadings, CyclePlans plans,
                        CycleSettings settings,
                        ServiceIdentity identity, MeterRegistry registry, Clock clock) {
        Checks.positive(settings.throttleStep(), "stress.cycle.throttle-step");
        Checks.between(settings.throttleStep(), 0, 100, "stress.cycle.throttle-step");
        this.schedule = new CommandSchedule(clock, settings.commandInterval(), settings.lease());
        this.peerTargets = new PeerTargets(cluster::networkPairs);
        this.tolerances = settings.tolerances();
        this.commands = commands;
        this.phaseEvents = phaseEvents;
        this.outbound = outbound;
        this.cluster = cluster;
        this.feed = feed;
        this.history = history;
        this.webhooks = webhooks;
        this.probe = probe;
        this.probeReadings = probeReadings;
        this.plans = plans;
        this.settings = settings;
        this.identity = identity;
        this.registry = registry;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        for (CycleRunReport report : history.interruptedAtLoad()) {
            PhaseEvent aborted = InterruptedCycles.abortedEvent(report);
            outbound.send(phaseEvents, report.cycleId(), aborted);
            webhooks.notify("phase_event", aborted);
        }
        ticker = new PacedTicker("cycle-engine", settings.tick(), settings.idleTick(), this::running, this::tick)
                .start();
    }

    /**
     * A cycle cannot outlive its engine: a shutdown while one runs stops it like an emergency stop (every agent at zero
     * now, not when its lease runs out; the cycle aborted in the history and on {@code stress.phase-events}). Runs
     * before the default observers, so the history's writer and the webhooks are still open, and waits a bounded time
     * for Kafka's acknowledgement of the stop (the connectors close after every observer).
     */
    void onStop(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) {
        if (ticker != null) {
            ticker.close();
        }
        if (!running()) {
            return;
        }
        LOG.warnf("Shutting down while cycle %s runs: it is aborted and every agent told to stop", engine.cycleId());
        try {
            emergencyStop(AbortedBy.ORCHESTRATOR, SHUTDOWN_REASON).await().atMost(SHUTDOWN_STOP_ACK);
        } catch (RuntimeException e) {
            // The agents' leases still end their load.
            LOG.errorf("The stop sent at shutdown was not acknowledged within %s: %s", SHUTDOWN_STOP_ACK, e.getMessage());
        }
    }

    /** Starts a cycle over the given plan; the safety gate has already been passed (or overridden). */
    public EngineSnapshot start(List<PhasePlan> plan, SafetyOverride override) {
        return start(plan, override, PlanOrigin.configured(plans.file()));
    }

    /** Starts a cycle over phases of the plan {@code origin} names (the configured file or the request's own). */
    public EngineSnapshot start(List<PhasePlan> plan, SafetyOverride override, PlanOrigin origin) {
        synchronized (lock) {
            if (running()) {
                throw new CycleConflictException("cycle " + engine.cycleId() + " is running; stop it first");
            }
            String cycleId = "cycle-" + UUID.randomUUID().toString().substring(0, 8);
            engine = new CycleEngine(cycleId, plan, origin.profile(), clock, settings.adaptiveInterval().toMillis(), 0)
                    .withSlo(origin.slo());
            cycleOrigin = origin;
            safetyOverride = override;
            if (override.any()) {
                LOG.warnf("Cycle %s starts with safety overridden by %s: interlock %s, watchdog %s", cycleId, override.by(),
                        override.checks() ? "skipped" : "kept", override.watchdog() ? "off" : "on");
            }
            schedule.newCycle(origin.agentLimits());
            recorder = new CycleRecorder(cycleId, engine.plan(), override, clock.millis(), tolerances);
            recorder.report().planFrom(origin.source(), origin.text());
            history.save(recorder.report());
            handle(engine.start());
            publishCommand(true);
            if (ticker != null) {
                ticker.hurry();
            }
            registry.counter("stress.cycles.started").increment();
            return engine.snapshot();
        }
    }

    public boolean running() {
        synchronized (lock) {
            return engine != null && !engine.finished();
        }
    }

    /** Graceful stop; false when no cycle runs. */
    public boolean stop(AbortedBy by, String reason) {
        synchronized (lock) {
            if (!running()) {
                return false;
            }
            handle(engine.stop(by, reason));
            return true;
        }
    }

    /**
     * Emergency stop: an emergency StopCommand at once (also when no cycle runs: it halts whatever agents are
     * doing), and the running cycle ends as aborted. The Uni completes when Kafka acknowledged the command.
     */
    public Uni<StopCommand> emergencyStop(AbortedBy by, String reason) {
        synchronized (lock) {
            String cycleId = running() ? engine.cycleId() : null;
            StopCommand stop = schedule.stopCommand(cycleId, StopMode.EMERGENCY, reason,
                    by.wireName() + ":" + identity.instanceId());
            // Sent before anything else, and now rather than when the caller subscribes: the stop waits for no one.
            Uni<Void> ack = outbound.send(commands, COMMAND_KEY, stop, Logger.Level.ERROR);
            if (cycleId != null) {
                handle(engine.emergencyStop(by, reason));
            }
            registry.counter("stress.emergency.stops", "by", by.wireName()).increment();
            return ack.replaceWith(stop);
        }
    }

    public List<CycleEvent> adjust(Phase phase, double target) {
        synchronized (lock) {
            if (!running() || engine.state() != CycleState.RUNNING) {
                throw new CycleConflictException("no running cycle to adjust");
            }
            List<CycleEvent> events = engine.adjust(phase, target);
            if (phase == engine.phase()) {
                // An operator's new setpoint for the running phase: agents that stopped by themselves load again.
                schedule.explicitSetpoint();
            }
            handle(events);
            publishCommand(true);
            return events;
        }
    }

    public void onViolation(Violation violation) {
        synchronized (lock) {
            // Violations are consumed live, so one that arrives during a cycle is about this cycle, whatever cycle id
            // safety-service believed current (after an outage its view can lag): a stop always stops.
            if (running()) {
                recorder.recordViolation(violation);
                if (violation.action() == SafetyAction.STOP) {
                    emergencyStop(AbortedBy.SAFETY, "safety violation " + violation.ruleId() + ": " + violation.message());
                } else if (violation.action() == SafetyAction.THROTTLE && schedule.throttleDue()) {
                    handle(engine.throttle(settings.throttleStep(), "throttle: " + violation.message()));
                    publishCommand(true);
                }
                history.save(recorder.report());
            }
        }
        feed.publish(CycleLiveMessages.safetyEvent(clock.millis(), violation));
        webhooks.notify("safety_event", violation);
    }

    public void onBreaker(BreakerTransition transition) {
        cluster.onBreaker(transition);
        feed.publish(CycleLiveMessages.safetyEvent(clock.millis(), transition));
        webhooks.notify("safety_event", transition);
    }

    /** The engine's snapshot, or null when no cycle ever ran in this process. */
    public EngineSnapshot snapshot() {
        synchronized (lock) {
            return engine == null ? null : engine.snapshot();
        }
    }

    public List<PhasePlan> currentPlan() {
        synchronized (lock) {
            return engine == null ? List.of() : engine.plan();
        }
    }

    /** The cycle that ended last in this process (both fields null before the first ended). */
    public LastCycle lastCycle() {
        return lastCycle;
    }

    void tick() {
        cluster.sweep();
        judgeRecovery();
        synchronized (lock) {
            if (!running()) {
                return;
            }
            if (!safetyOverride.watchdog() && !cluster.safetyOnline()) {
                emergencyStop(AbortedBy.ORCHESTRATOR, cluster.safetyLostReason());
                return;
            }
            Observation observation = new Observation(cluster.achievedLoadPercent(engine.weights()),
                    cluster.memoryUsage(), probe.latencyMs(), probe.errorRate(), probeReadings.all());
            recorder.recordAchieved(observation.achievedLoadPercent(), engine.stage());
            recorder.recordHosts(cluster.hostLoads(engine.load(), engine.weights()), cluster.networkLinks(), engine.stage());
            recorder.recordResources(clock.millis(), engine.stage(), engine.load(), engine.weights(), cluster.achievedByResource());
            cluster.latestHostSamples().forEach((host, sample) ->
                    recorder.recordHostSample(host, sample.receivedMs(), sample.metrics(), engine.stage()));
            handle(engine.tick(observation));
            if (!engine.finished()) {
                publishCommand(false);
            }
        }
    }

    /** The phase command if one is due, with each agent's peer across hosts ({@link PeerTargets}). */
    private void publishCommand(boolean force) {
        Map<String, List<String>> targets = peerTargets.forPhase(engine.weights());
        schedule.phaseCommand(force || peerTargets.changed(targets), engine.cycleId(), engine.phase(), engine.load(),
                engine.currentTarget(), engine.weights()).map(c -> c.withNetworkTargetsByAgent(targets)).ifPresent(c -> {
            peerTargets.sent(targets);
            outbound.send(commands, COMMAND_KEY, c);
        });
    }

    private void handle(List<CycleEvent> events) {
        for (CycleEvent event : events) {
            PhaseEvent phaseEvent = new PhaseEvent(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(),
                    event.timestampMs(), engine.cycleId(), event.type(), event.phase(), event.targetLoadPercent(),
                    event.reason(), event.details());
            outbound.send(phaseEvents, engine.cycleId(), phaseEvent);
            boolean ends = event.type() == PhaseEventType.CYCLE_COMPLETED || event.type() == PhaseEventType.CYCLE_ABORTED;
            if (ends && engine.anyAdaptive()) {
                recorder.report().kneeJudged(engine.sloResult());
            }
            recorder.record(event);
            history.save(recorder.report());
            feed.publish(CycleLiveMessages.phaseChange(engine.cycleId(), event));
            webhooks.notify("phase_event", phaseEvent);
            if (ends) {
                finishCycle(event);
            }
        }
    }

    /** A completed cycle's steady-state probes, judged one probe window after its ramp-down ended. */
    private void judgeRecovery() {
        PendingRecovery due = pendingRecovery;
        if (due == null || clock.millis() < due.atMs()) {
            return;
        }
        pendingRecovery = null;
        List<String> failures = SteadyStateCheck.failures(due.origin().probes(), due.origin().slo(), probeReadings.byProbe());
        synchronized (lock) {
            due.report().recoveryJudged(clock.millis(), failures);
            history.save(due.report());
            registry.counter("stress.cycles.finished", "outcome", due.report().outcome()).increment();
            if (lastCycle.cycleId() != null && lastCycle.cycleId().equals(due.report().cycleId())) {
                lastCycle = new LastCycle(lastCycle.cycleId(), due.report().outcome());
            }
        }
        if (!failures.isEmpty()) {
            LOG.warnf("Cycle %s did not recover: %s", due.report().cycleId(), String.join("; ", failures));
        }
    }

    private record PendingRecovery(CycleRunReport report, long atMs, PlanOrigin origin) {
    }

    private void finishCycle(CycleEvent event) {
        java.time.Duration recoveryDelay = SteadyStateCheck.recoveryDelay(cycleOrigin.probes());
        boolean recovering = recoveryDelay != null && event.type() == PhaseEventType.CYCLE_COMPLETED;
        if (recovering) {
            recorder.report().awaitRecovery();
            history.save(recorder.report());
            pendingRecovery = new PendingRecovery(recorder.report(), event.timestampMs() + recoveryDelay.toMillis(),
                    cycleOrigin);
        }
        if (!event.details(CycleEndedDetails.class).emergency()) {
            StopCommand stop = schedule.stopCommand(engine.cycleId(), StopMode.GRACEFUL,
                    event.reason() == null ? "cycle completed" : event.reason(), "orchestrator:" + identity.instanceId());
            outbound.send(commands, COMMAND_KEY, stop);
        }
        lastCycle = new LastCycle(engine.cycleId(), recorder.outcome());
        if (!recovering) {
            registry.counter("stress.cycles.finished", "outcome", recorder.outcome()).increment();
        }
        feed.publish(CycleLiveMessages.cycleReport(event.timestampMs(), recorder.report()));
    }
}
