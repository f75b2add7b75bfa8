package io.stressfw.orchestrator.cycle;

import io.stressfw.model.AbortedBy;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.model.WireCodec;
import io.stressfw.orchestrator.cluster.ClusterState;
import io.stressfw.orchestrator.config.CyclePlans;
import io.stressfw.orchestrator.config.CycleSettings;
import io.stressfw.orchestrator.config.PhaseSpec;
import io.stressfw.orchestrator.history.CycleHistory;
import io.stressfw.orchestrator.history.CycleReport;
import io.stressfw.orchestrator.integration.HttpProbe;
import io.stressfw.orchestrator.integration.WebhookNotifier;
import io.stressfw.orchestrator.live.LiveFeed;
import io.stressfw.service.ServiceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Adapts the {@link CycleEngine} to the outside world: ticks it on its own scheduler thread (never the event loop),
 * turns its setpoint into lease-renewing phase commands on {@code stress.commands}, its events into
 * {@code stress.phase-events}, webhooks, live messages and the cycle's report, and applies the safety interlock
 * (stop and throttle violations, lost safety heartbeat). One lock guards the engine.
 */
@Startup
@ApplicationScoped
public class CycleService {
    private static final Logger LOG = Logger.getLogger(CycleService.class);
    /** A setpoint change of at least this many load points is published at once, not at the next renewal. */
    static final double PUBLISH_DELTA = 0.5;
    /** Throttle violations closer together than this count as one (safety repeats them while the breach lasts). */
    static final long THROTTLE_COOLDOWN_MS = 2_000;

    private final MutinyEmitter<String> commands;
    private final MutinyEmitter<String> phaseEvents;
    private final ClusterState cluster;
    private final LiveFeed feed;
    private final CycleHistory history;
    private final WebhookNotifier webhooks;
    private final HttpProbe probe;
    private final CyclePlans plans;
    private final CycleSettings settings;
    private final ServiceIdentity identity;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Object lock = new Object();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cycle-engine");
        t.setDaemon(true);
        return t;
    });

    private CycleEngine engine;
    private CycleReport report;
    private boolean overrideSafety;
    private long sequence;
    private long lastCommandMs;
    private double lastCommandLoad = -1;
    private Phase lastCommandPhase;
    private long lastThrottleMs;
    private String lastCycleId;
    private String lastOutcome;

    @Inject
    public CycleService(@Channel("commands-out") MutinyEmitter<String> commands,
                        @Channel("phase-events-out") MutinyEmitter<String> phaseEvents,
                        ClusterState cluster, LiveFeed feed, CycleHistory history, WebhookNotifier webhooks,
                        HttpProbe probe, CyclePlans plans, CycleSettings settings, ServiceIdentity identity,
                        MeterRegistry registry) {
        if (settings.commandInterval().toMillis() <= 0 || settings.commandInterval().toMillis() > 1000) {
            throw new IllegalArgumentException("stress.cycle.command-interval must be in (0, 1s], was " + settings.commandInterval());
        }
        if (settings.lease().compareTo(settings.commandInterval()) <= 0) {
            throw new IllegalArgumentException("stress.cycle.lease (" + settings.lease()
                    + ") must be longer than stress.cycle.command-interval (" + settings.commandInterval() + ")");
        }
        if (settings.throttleStep() <= 0 || settings.throttleStep() > 100) {
            throw new IllegalArgumentException("stress.cycle.throttle-step must be in (0, 100], was " + settings.throttleStep());
        }
        this.commands = commands;
        this.phaseEvents = phaseEvents;
        this.cluster = cluster;
        this.feed = feed;
        this.history = history;
        this.webhooks = webhooks;
        this.probe = probe;
        this.plans = plans;
        this.settings = settings;
        this.identity = identity;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        long period = settings.tick().toMillis();
        ticker.scheduleAtFixedRate(this::tickSafely, period, period, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        ticker.shutdownNow();
    }

    /** Starts a cycle over the given plan; the safety gate has already been passed (or overridden). */
    public EngineSnapshot start(List<PhasePlan> plan, boolean override) {
        synchronized (lock) {
            if (running()) {
                throw new CycleConflictException("cycle " + engine.cycleId() + " is running; stop it first");
            }
            String cycleId = "cycle-" + UUID.randomUUID().toString().substring(0, 8);
            engine = new CycleEngine(cycleId, plan, plans.profile(), clock, settings.adaptiveInterval().toMillis(), 0);
            overrideSafety = override;
            sequence = 0;
            lastCommandLoad = -1;
            lastCommandPhase = null;
            report = newReport(engine, override);
            history.save(report);
            handle(engine.start());
            publishCommand(true);
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
        StopCommand stop;
        synchronized (lock) {
            String cycleId = engine != null && !engine.finished() ? engine.cycleId() : null;
            stop = new StopCommand(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(), cycleId, ++sequence,
                    clock.millis(), StopMode.EMERGENCY, reason, by.wireName() + ":" + identity.instanceId());
            // Sent now, not when the caller subscribes: the stop must not wait for anyone.
            Uni<Void> ack = send(commands, "all", WireCodec.encode(stop)).memoize().indefinitely();
            ack.subscribe().with(ok -> { }, e -> LOG.errorf("Emergency stop not acknowledged by Kafka: %s", e.getMessage()));
            if (cycleId != null) {
                handle(engine.emergencyStop(by, reason));
            }
            registry.counter("stress.emergency.stops", "by", by.wireName()).increment();
            StopCommand sent = stop;
            return ack.replaceWith(sent);
        }
    }

    public List<CycleEvent> adjust(Phase phase, double target) {
        synchronized (lock) {
            if (!running() || engine.state() != CycleState.RUNNING) {
                throw new CycleConflictException("no running cycle to adjust");
            }
            List<CycleEvent> events = engine.adjust(phase, target);
            handle(events);
            publishCommand(true);
            return events;
        }
    }

    public void onViolation(Violation violation) {
        synchronized (lock) {
            // Violations are consumed live, so one that arrives during a cycle is about this cycle, whatever cycle id
            // safety-service believed current (after an outage its view can lag): a stop always stops.
            boolean ours = engine != null && !engine.finished();
            if (ours) {
                report.violations.add(violation);
                if (violation.action() == SafetyAction.STOP) {
                    emergencyStop(AbortedBy.SAFETY, "safety violation " + violation.ruleId() + ": " + violation.message());
                } else if (violation.action() == SafetyAction.THROTTLE
                        && clock.millis() - lastThrottleMs >= THROTTLE_COOLDOWN_MS) {
                    lastThrottleMs = clock.millis();
                    handle(engine.throttle(settings.throttleStep(), "throttle: " + violation.message()));
                    publishCommand(true);
                }
                history.save(report);
            }
        }
        feed.publish(safetyMessage(violation));
        webhooks.notify("safety_event", violation);
    }

    public void onBreaker(BreakerTransition transition) {
        cluster.onBreaker(transition);
        feed.publish(safetyMessage(transition));
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

    public String lastCycleId() {
        return lastCycleId;
    }

    public String lastOutcome() {
        return lastOutcome;
    }

    void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("Cycle engine tick failed", e);
        }
    }

    private void tick() {
        cluster.sweep();
        synchronized (lock) {
            if (engine == null || engine.finished()) {
                return;
            }
            if (!overrideSafety && !cluster.safetyOnline()) {
                emergencyStop(AbortedBy.ORCHESTRATOR, "safety-service heartbeat lost");
                return;
            }
            Observation observation = new Observation(cluster.achievedLoadPercent(engine.weights()),
                    cluster.memoryUsage(), probe.latencyMs(), probe.errorRate());
            recordAchieved(observation.achievedLoadPercent());
            handle(engine.tick(observation));
            if (!engine.finished()) {
                publishCommand(false);
            }
        }
    }

    private void recordAchieved(Double achieved) {
        if (achieved == null || report.phases.isEmpty()) {
            return;
        }
        CycleReport.PhaseRun run = report.phases.get(report.phases.size() - 1);
        if (engine.stage() == Stage.HOLD) {
            run.holdAchievedSum += achieved;
            run.holdAchievedCount++;
        }
        run.anyAchievedSum += achieved;
        run.anyAchievedCount++;
    }

    /** Publishes the current setpoint if it changed enough, the phase changed, or the lease needs renewing. */
    private void publishCommand(boolean force) {
        long now = clock.millis();
        double load = round(engine.load());
        boolean due = force || engine.phase() != lastCommandPhase
                || Math.abs(load - lastCommandLoad) >= PUBLISH_DELTA
                || (load != lastCommandLoad && load == round(engine.currentTarget()))
                || now - lastCommandMs >= settings.commandInterval().toMillis();
        if (!due) {
            return;
        }
        PhaseCommand command = new PhaseCommand(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(), engine.cycleId(),
                ++sequence, now, now + settings.lease().toMillis(), engine.phase(), load, engine.weights(), 0, null);
        lastCommandMs = now;
        lastCommandLoad = load;
        lastCommandPhase = engine.phase();
        send(commands, "all", WireCodec.encode(command))
                .subscribe().with(ok -> { }, e -> LOG.warnf("Phase command %d not delivered: %s", command.sequence(), e.getMessage()));
    }

    private void handle(List<CycleEvent> events) {
        for (CycleEvent event : events) {
            PhaseEvent phaseEvent = new PhaseEvent(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(),
                    event.timestampMs(), engine.cycleId(), event.type(), event.phase(), event.targetLoadPercent(),
                    event.reason(), event.details());
            send(phaseEvents, engine.cycleId(), WireCodec.encode(phaseEvent))
                    .subscribe().with(ok -> { }, e -> LOG.warnf("Phase event %s not delivered: %s", event.type(), e.getMessage()));
            record(event);
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "phase_change");
            message.put("timestamp_ms", event.timestampMs());
            message.put("cycle_id", engine.cycleId());
            message.put("phase", event.phase() == null ? null : event.phase().wireName());
            message.put("event", event.type().wireName());
            message.put("target_load_percent", event.targetLoadPercent());
            message.put("reason", event.reason());
            message.put("details", event.details());
            feed.publish(message);
            webhooks.notify("phase_event", phaseEvent);
            if (event.type() == PhaseEventType.CYCLE_COMPLETED || event.type() == PhaseEventType.CYCLE_ABORTED) {
                finishCycle(event);
            }
        }
    }

    private void finishCycle(CycleEvent event) {
        boolean emergency = Boolean.TRUE.equals(event.details().get("emergency"));
        if (!emergency) {
            StopCommand stop = new StopCommand(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(), engine.cycleId(),
                    ++sequence, clock.millis(), StopMode.GRACEFUL,
                    event.reason() == null ? "cycle completed" : event.reason(), "orchestrator:" + identity.instanceId());
            send(commands, "all", WireCodec.encode(stop))
                    .subscribe().with(ok -> { }, e -> LOG.warnf("Graceful stop not delivered: %s", e.getMessage()));
        }
        lastCycleId = engine.cycleId();
        lastOutcome = report.outcome;
        registry.counter("stress.cycles.finished", "outcome", report.outcome).increment();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "cycle_report");
        message.put("timestamp_ms", event.timestampMs());
        message.put("report", report);
        feed.publish(message);
    }

    private void record(CycleEvent event) {
        List<CycleReport.PhaseRun> runs = report.phases;
        CycleReport.PhaseRun run = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        switch (event.type()) {
            case PHASE_STARTED -> {
                CycleReport.PhaseRun next = new CycleReport.PhaseRun();
                next.phase = event.phase().wireName();
                next.startedAtMs = event.timestampMs();
                next.targetLoadPercent = event.targetLoadPercent();
                next.outcome = "running";
                runs.add(next);
            }
            case HOLD_STARTED -> run.holdStartedAtMs = event.timestampMs();
            case RAMP_DOWN_STARTED -> run.rampDownStartedAtMs = event.timestampMs();
            case LOAD_ADJUSTED -> run.targetLoadPercent = event.targetLoadPercent();
            case PHASE_COMPLETED, PHASE_ABORTED -> {
                run.endedAtMs = event.timestampMs();
                run.durationSeconds = (run.endedAtMs - run.startedAtMs) / 1000.0;
                run.outcome = event.type() == PhaseEventType.PHASE_COMPLETED ? "completed" : "aborted";
                run.targetLoadPercent = event.targetLoadPercent();
                if (run.holdAchievedCount > 0) {
                    run.achievedLoadPercent = round(run.holdAchievedSum / run.holdAchievedCount);
                } else if (run.anyAchievedCount > 0) {
                    run.achievedLoadPercent = round(run.anyAchievedSum / run.anyAchievedCount);
                }
                Object knee = event.details().get("knee_load_percent");
                run.kneeLoadPercent = knee instanceof Number n ? n.doubleValue() : null;
            }
            case CYCLE_COMPLETED, CYCLE_ABORTED -> {
                report.endedAtMs = event.timestampMs();
                report.durationSeconds = (report.endedAtMs - report.startedAtMs) / 1000.0;
                report.outcome = event.type() == PhaseEventType.CYCLE_COMPLETED ? "completed" : "aborted";
                report.abortedBy = engine.abortedBy() == null ? null : engine.abortedBy().wireName();
                report.reason = event.reason();
                report.kneeLoadPercent = engine.kneeLoadPercent();
            }
            case CYCLE_STARTED -> {
            }
        }
        history.save(report);
    }

    private static CycleReport newReport(CycleEngine engine, boolean override) {
        CycleReport report = new CycleReport();
        report.cycleId = engine.cycleId();
        report.startedAtMs = System.currentTimeMillis();
        report.outcome = "running";
        report.overrideSafety = override;
        for (PhasePlan p : engine.plan()) {
            PhaseSpec s = p.spec();
            CycleReport.PlannedPhase planned = new CycleReport.PlannedPhase();
            planned.phase = p.phase().wireName();
            planned.minLoad = s.minLoad();
            planned.maxLoad = s.maxLoad();
            planned.targetLoadPercent = s.effectiveTarget();
            planned.durationSeconds = s.durationSeconds();
            planned.rampUpSeconds = s.rampUpSeconds();
            planned.rampDownSeconds = s.rampDownSeconds();
            planned.weights = CycleEngine.weightsMap(s.weights());
            planned.safetyThresholds = s.safetyThresholds();
            planned.rampingStrategy = s.rampingStrategy().wireName();
            planned.adaptive = s.adaptive();
            report.plan.add(planned);
        }
        return report;
    }

    private static Map<String, Object> safetyMessage(Object event) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "safety_event");
        message.put("timestamp_ms", System.currentTimeMillis());
        message.put("event", event);
        return message;
    }

    private static Uni<Void> send(MutinyEmitter<String> emitter, String key, String payload) {
        try {
            return emitter.sendMessage(Message.of(payload)
                    .addMetadata(OutgoingKafkaRecordMetadata.builder().withKey(key).build()));
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
