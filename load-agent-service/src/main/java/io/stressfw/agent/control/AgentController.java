package io.stressfw.agent.control;

import io.stressfw.model.Checks;
import io.stressfw.model.Command;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.SourceKind;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's brain, free of any framework: applies phase and stop commands to the generators, ramps the load, runs
 * the dead-man's switch (lease expiry, broker loss) and reports status and samples. Its {@link ControlLoop} ticks
 * every {@value #TICK_MS} ms while it holds load (every 200 ms otherwise) under a {@link ControlLoopWatchdog};
 * commands take effect in the calling thread at once. It drives the generators only through {@link AgentGenerators}, which fans each step out to all of them.
 *
 * <p>Time: leases and ramps run on the monotonic clock of {@link AgentClock}. A command's lease ({@code lease_ms},
 * capped by the agent's own {@code max_lease}) starts when the command arrives, so a wall clock minutes off changes
 * nothing; the wall clock is only compared with the command's {@code issued_at_ms} to report the skew.
 *
 * <p>Stops stick: every stop holds for the cycle until a command of a higher epoch ({@link CycleLedger}).
 *
 * <p>Not split further although past 300 lines: it is one state machine whose every transition (commands, stops,
 * the tick, the watchdog's halt) holds the same lock over the same fields; what does not (the fan-out, the cycle
 * ledger, the ramp, the skew, the loop and its watchdog, the status's builder) lives in its own class.
 */
public final class AgentController implements AutoCloseable {
    public static final long TICK_MS = ControlLoop.TICK_MS;
    private static final System.Logger LOG = System.getLogger(AgentController.class.getName());

    private final String agentId;
    private final AgentGenerators generators;
    private final NetworkAllowlist allowlist;
    private final AgentClock clock;
    private final long gracefulStopMs;
    private final long maxLeaseMs;
    private final CycleLedger ledger = new CycleLedger();
    private final ClockSkew skew;
    private final ControlLoop loop;

    private volatile AgentState state = AgentState.IDLE;
    private PhaseCommand current;
    private long leaseDeadlineMs;
    private boolean leaseCapped;
    private LoadRamp ramp = LoadRamp.constant(0, 0);
    private ResourceWeights weights = new ResourceWeights(0, 0, 0, 0);
    /** The cycle whose network run budget is in force: a new cycle gets a new budget, nothing else does. */
    private String networkCycle;
    private String lastStopReason;
    private Long lastStopAtMs;
    private Double lastStopLatencyMs;
    /** Set by {@link #close()}: a shutting-down agent loads no more, whatever still arrives. */
    private boolean closed;
    /** Set by the watchdog before it stops the generators; the stop is recorded under the lock as soon as possible. */
    private volatile String haltReason;
    private volatile double haltLatencyMs;

    private AgentController(Builder builder) {
        this.agentId = builder.agentId;
        this.generators = builder.generators;
        this.allowlist = builder.allowlist;
        this.gracefulStopMs = builder.gracefulStopMs;
        this.maxLeaseMs = builder.maxLease.toMillis();
        this.clock = builder.clock;
        this.skew = new ClockSkew(agentId);
        this.loop = new ControlLoop(agentId, clock, builder.watchdogBound, this::tick,
                () -> state == AgentState.RUNNING || state == AgentState.STOPPING, this::onTickFailure, this::onStall);
    }

    /**
     * A controller named {@code agentId} over {@code generators}, whose network targets must be in {@code allowlist};
     * by default a graceful stop ramps down over 1000 ms, leases are capped at 5 s, the watchdog's bound is 1 s and
     * the clocks are the system's.
     */
    public static Builder builder(String agentId, AgentGenerators generators, NetworkAllowlist allowlist) {
        return new Builder(agentId, generators, allowlist);
    }

    public String agentId() {
        return agentId;
    }

    /** Starts the control tick (ramps, lease expiry, end of graceful stops) and its watchdog. */
    public AgentController start() {
        loop.start();
        return this;
    }

    /**
     * Whether the control loop is alive: a tick completed within the watchdog's bound and the tick's task has not
     * died. Never waits for the controller's lock. True before {@link #start()} (tests tick by hand).
     */
    public boolean live() {
        return loop.live();
    }

    public ControlLoopWatchdog watchdog() {
        return loop.watchdog();
    }

    /** Applies a command; the network targets it gives this agent (may be none) must be allowlisted. */
    public CommandOutcome onCommand(Command command) {
        long received = clock.nanos();
        if (command instanceof StopCommand stop) {
            String why = "stop command " + stop.commandId() + " from " + stop.issuedBy() + ": " + stop.reason();
            synchronized (this) {
                if (stop.cycleId() != null) {
                    ledger.stopped(stop.cycleId(), why);
                }
                if (stop.mode() == StopMode.EMERGENCY) {
                    stopAll(why, received);
                } else {
                    gracefulStop(why);
                }
            }
            return CommandOutcome.applied();
        }
        return onPhase((PhaseCommand) command, received);
    }

    private synchronized CommandOutcome onPhase(PhaseCommand command, long receivedNanos) {
        if (closed) {
            return CommandOutcome.ignored("agent " + agentId + " is shutting down");
        }
        skew.observe(clock.wallMs(), command.issuedAtMs());
        if (haltReason != null || !live()) {
            return CommandOutcome.ignored("the control loop is not ticking (" + (haltReason != null ? haltReason
                    : "last tick " + watchdog().sinceLastTickMs() + " ms ago") + "): no load whose lease nobody enforces");
        }
        String held = ledger.refusal(command);
        if (held != null) {
            return CommandOutcome.ignored(held);
        }
        String refusal = generators.refusal(command.limits());
        if (refusal != null) {
            return CommandOutcome.refused(refusal);
        }
        List<InetSocketAddress> targets;
        try {
            targets = allowlist.approve(command.networkTargetsFor(agentId));
        } catch (IllegalArgumentException e) {
            return CommandOutcome.refused(e.getMessage());
        }
        long now = receivedNanos / 1_000_000;
        leaseCapped = command.leaseMs() > maxLeaseMs;
        long leaseMs = Math.min(command.leaseMs(), maxLeaseMs);
        if (state == AgentState.RUNNING && current != null && current.cycleId().equals(command.cycleId())
                && current.sequence() == command.sequence()) {
            leaseDeadlineMs = now + leaseMs;
            return CommandOutcome.renewed();
        }
        ledger.applied(command);
        double from = state == AgentState.RUNNING || state == AgentState.STOPPING ? ramp.valueAt(now) : 0;
        current = command;
        leaseDeadlineMs = now + leaseMs;
        weights = command.weights();
        ramp = new LoadRamp(from, command.targetLoadPercent(), now, Math.round(command.rampSeconds() * 1000));
        generators.applyLimits(command.limits());
        generators.network().useTargets(targets);
        if (!command.cycleId().equals(networkCycle)) {
            generators.network().rearm();
            networkCycle = command.cycleId();
        }
        state = AgentState.RUNNING;
        // Before any load: from here on a stalled tick must be caught at the busy pace.
        watchdog().hurry();
        applyTargets(now);
        return CommandOutcome.applied();
    }

    /** A safety violation: {@code stop} is an emergency stop whatever the cycle; other actions are for the orchestrator. */
    public CommandOutcome onViolation(Violation violation) {
        long received = clock.nanos();
        if (violation.action() != SafetyAction.STOP) {
            return CommandOutcome.ignored("violation action " + violation.action().wireName() + " is not a stop");
        }
        String why = "violation " + violation.ruleId() + " on " + violation.sourceId() + ": " + violation.message();
        synchronized (this) {
            if (violation.cycleId() != null) {
                ledger.stopped(violation.cycleId(), why);
            }
            stopAll(why, received);
        }
        return CommandOutcome.applied();
    }

    /**
     * A message that could not be read or handled on {@code topic}: it may have been a stop, so a loaded agent stops
     * (and holds for its cycle, like any stop).
     */
    public CommandOutcome onUnusableMessage(String topic, String reason) {
        long received = clock.nanos();
        synchronized (this) {
            if (state != AgentState.RUNNING && state != AgentState.STOPPING) {
                return CommandOutcome.ignored("nothing to stop");
            }
            stopAll("unusable message on " + topic + " (it may have been a stop): " + reason, received);
        }
        return CommandOutcome.applied();
    }

    /** The broker cannot be reached: nobody can tell the agent to stop any more, so it stops by itself. */
    public synchronized void onBrokerUnreachable(String detail) {
        if (state == AgentState.RUNNING || state == AgentState.STOPPING) {
            stopAll("broker unreachable: " + detail, clock.nanos());
        }
    }

    /** The state, read without the lock (the health check must answer while a tick is stuck). */
    public AgentState state() {
        return state;
    }

    public synchronized String lastStopReason() {
        return lastStopReason;
    }

    private void gracefulStop(String why) {
        long now = clock.monotonicMs();
        if (state == AgentState.RUNNING) {
            ramp = new LoadRamp(ramp.valueAt(now), 0, now, gracefulStopMs);
            state = AgentState.STOPPING;
            lastStopReason = why;
            applyTargets(now);
        } else if (state != AgentState.STOPPING) {
            stopAll(why, clock.nanos());
        }
    }

    private void stopAll(String why, long receivedNanos) {
        generators.stopAll();
        stopped(why, (clock.nanos() - receivedNanos) / 1e6);
    }

    /** The bookkeeping of a stop whose generators are already stopped; the cycle that ran is held. */
    private void stopped(String why, double latencyMs) {
        boolean wasLoaded = state == AgentState.RUNNING || state == AgentState.STOPPING;
        if (current != null) {
            ledger.stopped(current.cycleId(), why);
        }
        ramp = LoadRamp.constant(0, clock.monotonicMs());
        state = AgentState.STOPPED;
        lastStopReason = why;
        lastStopAtMs = clock.wallMs();
        lastStopLatencyMs = latencyMs;
        current = null;
        if (wasLoaded) {
            LOG.log(System.Logger.Level.WARNING, "Agent " + agentId + " stopped all load in "
                    + String.format("%.2f", lastStopLatencyMs) + " ms: " + why);
        }
    }

    /** The watchdog saw the tick stall: stop every generator from its thread, without the lock the tick may hold. */
    private void onStall(String stall) {
        long started = clock.nanos();
        String why = "control loop stalled: " + stall + loop.deathCause();
        haltReason = why;
        try {
            generators.stopAll();
        } catch (Throwable e) {
            // Every generator was asked to stop; the one that failed is logged, and the stop is recorded all the same.
            LOG.log(System.Logger.Level.ERROR, "A generator failed to stop for the watchdog", e);
        }
        haltLatencyMs = (clock.nanos() - started) / 1e6;
        LOG.log(System.Logger.Level.ERROR, "Agent " + agentId + " stopped all load from the watchdog: " + why);
        // Recorded under the lock once the stuck tick lets go of it, off the watchdog's thread.
        loop.offLoop(() -> {
            synchronized (this) {
                recordHalt();
            }
        });
    }

    /** Turns a watchdog stop into the controller's own stop, under the lock. */
    private void recordHalt() {
        String why = haltReason;
        if (why != null) {
            haltReason = null;
            stopped(why, haltLatencyMs);
        }
    }

    /**
     * Anything a tick throws, an OutOfMemoryError from Thread.start included: a loop that cannot tick must not leave
     * load on. Should this stop fail too, the tick's task ends and the watchdog stops the generators.
     */
    private void onTickFailure(Throwable e) {
        LOG.log(System.Logger.Level.ERROR, "Control tick failed; stopping all load", e);
        synchronized (this) {
            stopAll("control tick failed: " + e, clock.nanos());
        }
    }

    /** One control step; public so that tests can drive the controller without the ticker thread. */
    public synchronized void tick() {
        if (haltReason != null) {
            recordHalt();
            return;
        }
        long now = clock.monotonicMs();
        if (state == AgentState.RUNNING) {
            if (now >= leaseDeadlineMs) {
                stopAll("lease of command " + current.commandId() + " (cycle " + current.cycleId() + ", epoch "
                        + current.epoch() + ") ran out after " + Math.min(current.leaseMs(), maxLeaseMs)
                        + " ms without renewal", clock.nanos());
                return;
            }
            applyTargets(now);
        } else if (state == AgentState.STOPPING) {
            if (ramp.finishedAt(now)) {
                stopAll(lastStopReason, clock.nanos());
            } else {
                applyTargets(now);
            }
        }
    }

    private void applyTargets(long now) {
        if (haltReason != null) {
            return;
        }
        generators.setTargets(ramp.valueAt(now), weights);
        if (haltReason != null) {
            // The watchdog stopped everything while these targets were being set: they must not stay.
            generators.stopAll();
        }
    }

    public synchronized AgentStatus status() {
        long now = clock.monotonicMs();
        boolean active = state == AgentState.RUNNING || state == AgentState.STOPPING;
        PhaseCommand command = active ? current : null;
        Long leaseRemainingMs = state == AgentState.RUNNING ? Math.max(0, leaseDeadlineMs - now) : null;
        return AgentStatus.builder(agentId, state)
                .command(command == null ? null : command.cycleId(), command == null ? null : command.phase(),
                        command == null ? null : command.sequence(), command == null ? null : command.epoch())
                .load(state == AgentState.RUNNING && command != null ? command.targetLoadPercent() : 0,
                        active ? ramp.valueAt(now) : 0)
                .lease(leaseRemainingMs == null ? null : clock.wallMs() + leaseRemainingMs, leaseRemainingMs)
                .lastStop(lastStopReason, lastStopAtMs, lastStopLatencyMs)
                .clockSkewMs(skew.skewMs())
                .controlLoop(new AgentStatus.ControlLoop(live(), watchdog().sinceLastTickMs(), watchdog().boundMs()))
                .generators(generators.statusReadings(), generators.caps(), resources())
                .notes(notes())
                .build();
    }

    private Map<String, String> notes() {
        Map<String, String> notes = new LinkedHashMap<>(generators.notes());
        String skewNote = skew.note();
        if (skewNote != null) {
            notes.put("clock_skew", skewNote);
        }
        if (leaseCapped) {
            notes.put("lease", "the last command asked for a longer lease than stress.agent.max_lease; capped at "
                    + maxLeaseMs + " ms");
        }
        return notes;
    }

    /**
     * How far the agent's wall clock is from the orchestrator's, transit included; null before the first command.
     * Read without the lock: heartbeats must not wait for a stuck tick.
     */
    public Long clockSkewMs() {
        return skew.skewMs();
    }

    public long maxLeaseMs() {
        return maxLeaseMs;
    }

    /** What the generators hold right now. */
    public AgentStatus.Resources resources() {
        return generators.resources();
    }

    /** The achieved-load sample published every 100 ms. */
    public MetricSample sample(String host, Map<String, Double> processMetrics) {
        String cycle;
        Phase phase;
        synchronized (this) {
            boolean active = state == AgentState.RUNNING || state == AgentState.STOPPING;
            cycle = active && current != null ? current.cycleId() : null;
            phase = active && current != null ? current.phase() : null;
        }
        Map<String, GeneratorReading> readings = generators.readings();
        return new MetricSample(Versioned.SCHEMA_VERSION, agentId, SourceKind.AGENT, host, clock.wallMs(), cycle,
                phase, processMetrics, readings);
    }

    public AgentGenerators generators() {
        return generators;
    }

    public NetworkAllowlist allowlist() {
        return allowlist;
    }

    /** Stops every generator, the ticker and the watchdog; the agent is done and ignores any later phase command. */
    @Override
    public void close() {
        long received = clock.nanos();
        loop.close();
        synchronized (this) {
            if (!closed) {
                closed = true;
                stopAll("agent shutting down", received);
            }
        }
    }

    public static final class Builder {
        private final String agentId;
        private final AgentGenerators generators;
        private final NetworkAllowlist allowlist;
        private long gracefulStopMs = 1000;
        private Duration maxLease = Duration.ofSeconds(5);
        private Duration watchdogBound = Duration.ofSeconds(1);
        private AgentClock clock = AgentClock.system();

        private Builder(String agentId, AgentGenerators generators, NetworkAllowlist allowlist) {
            this.agentId = Checks.notBlank(agentId, "agent id");
            this.generators = Checks.notNull(generators, "generators");
            this.allowlist = Checks.notNull(allowlist, "network allowlist");
        }

        /** How long a graceful stop ramps down, 0 to 2000 ms. */
        public Builder gracefulStopMs(long gracefulStopMs) {
            Checks.between(gracefulStopMs, 0, 2000, "graceful_stop_ms");
            this.gracefulStopMs = gracefulStopMs;
            return this;
        }

        /** The longest lease the agent grants whatever a command asks, 100 ms to 1 h. */
        public Builder maxLease(Duration maxLease) {
            Checks.notNull(maxLease, "max_lease");
            Checks.between(maxLease.toMillis(), 100, 3_600_000, "max_lease (ms)");
            this.maxLease = maxLease;
            return this;
        }

        /** How long the tick may stall before the watchdog stops every generator, 100 ms to 60 s. */
        public Builder watchdogBound(Duration watchdogBound) {
            Checks.notNull(watchdogBound, "watchdog_bound");
            Checks.between(watchdogBound.toMillis(), 100, 60_000, "watchdog_bound (ms)");
            this.watchdogBound = watchdogBound;
            return this;
        }

        /** The monotonic clock leases, ramps and the watchdog run on, and the wall clock samples are stamped with. */
        public Builder clock(AgentClock clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        public AgentController build() {
            return new AgentController(this);
        }
    }
}
