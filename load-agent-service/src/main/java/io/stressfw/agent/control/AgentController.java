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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The agent's brain, free of any framework: applies phase and stop commands to the generators, ramps the load,
 * runs the dead-man's switch (lease expiry, broker loss) and reports status and samples. A control thread ticks
 * every {@value #TICK_MS} ms; commands take effect in the calling thread at once. It drives the generators only
 * through {@link AgentGenerators}, which fans each step out to all of them.
 *
 * <p>Not split further although past 300 lines: it is one state machine whose every transition holds the same lock
 * over the same fields; what is not (the fan-out, the sequence memory, the ramp) lives in its own class.
 */
public final class AgentController implements AutoCloseable {
    public static final long TICK_MS = 20;
    private static final System.Logger LOG = System.getLogger(AgentController.class.getName());

    private final String agentId;
    private final AgentGenerators generators;
    private final NetworkAllowlist allowlist;
    private final LongSupplier clockMs;
    private final long gracefulStopMs;
    private final CycleSequences sequences = new CycleSequences();
    private final ScheduledExecutorService ticker;

    private AgentState state = AgentState.IDLE;
    private PhaseCommand current;
    private long leaseExpiresAtMs;
    private LoadRamp ramp = LoadRamp.constant(0, 0);
    private ResourceWeights weights = new ResourceWeights(0, 0, 0, 0);
    private String lastStopReason;
    private Long lastStopAtMs;
    private Double lastStopLatencyMs;
    /** Set by {@link #close()}: a shutting-down agent loads no more, whatever still arrives. */
    private boolean closed;

    private AgentController(Builder builder) {
        this.agentId = builder.agentId;
        this.generators = builder.generators;
        this.allowlist = builder.allowlist;
        this.gracefulStopMs = builder.gracefulStopMs;
        this.clockMs = builder.clockMs;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-control-" + agentId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A controller named {@code agentId} over {@code generators}, whose network targets must be in {@code allowlist};
     * by default a graceful stop ramps down over 1000 ms and leases are read on the system's wall clock.
     */
    public static Builder builder(String agentId, AgentGenerators generators, NetworkAllowlist allowlist) {
        return new Builder(agentId, generators, allowlist);
    }

    public String agentId() {
        return agentId;
    }

    /** Starts the control tick (ramps, lease expiry, end of graceful stops). */
    public AgentController start() {
        ticker.scheduleAtFixedRate(this::tickSafely, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    public boolean ticking() {
        return !ticker.isShutdown();
    }

    /** Applies a command; network targets requested alongside it (may be empty) must be allowlisted. */
    public CommandOutcome onCommand(Command command) {
        long received = System.nanoTime();
        if (command instanceof StopCommand stop) {
            String why = "stop command " + stop.commandId() + " from " + stop.issuedBy() + ": " + stop.reason();
            synchronized (this) {
                if (stop.cycleId() != null) {
                    sequences.stopped(stop.cycleId(), stop.sequence());
                }
                if (stop.mode() == StopMode.EMERGENCY) {
                    stopAll(why, received);
                } else {
                    gracefulStop(why);
                }
            }
            return CommandOutcome.applied();
        }
        return onPhase((PhaseCommand) command);
    }

    private synchronized CommandOutcome onPhase(PhaseCommand command) {
        if (closed) {
            return CommandOutcome.ignored("agent " + agentId + " is shutting down");
        }
        long now = clockMs.getAsLong();
        if (command.leaseExpired(now)) {
            return CommandOutcome.ignored("lease of command " + command.commandId() + " expired at "
                    + command.leaseExpiresAtMs() + " (now " + now + ")");
        }
        Long last = sequences.last(command.cycleId());
        if (last != null && command.sequence() < last) {
            return CommandOutcome.ignored("sequence " + command.sequence() + " is older than " + last
                    + " already applied for cycle " + command.cycleId());
        }
        String refusal = generators.refusal(command.limits());
        if (refusal != null) {
            return CommandOutcome.refused(refusal);
        }
        List<InetSocketAddress> targets;
        try {
            targets = allowlist.approve(command.networkTargets());
        } catch (IllegalArgumentException e) {
            return CommandOutcome.refused(e.getMessage());
        }
        if (last != null && command.sequence() == last) {
            if ((state == AgentState.RUNNING) && current != null && current.cycleId().equals(command.cycleId())) {
                leaseExpiresAtMs = Math.max(leaseExpiresAtMs, command.leaseExpiresAtMs());
                return CommandOutcome.renewed();
            }
            return CommandOutcome.ignored("command " + command.sequence() + " of cycle " + command.cycleId()
                    + " was stopped; a newer command is needed to load again");
        }
        sequences.applied(command.cycleId(), command.sequence());
        double from = state == AgentState.RUNNING || state == AgentState.STOPPING ? ramp.valueAt(now) : 0;
        current = command;
        leaseExpiresAtMs = command.leaseExpiresAtMs();
        weights = command.weights();
        ramp = new LoadRamp(from, command.targetLoadPercent(), now, Math.round(command.rampSeconds() * 1000));
        generators.applyLimits(command.limits());
        generators.network().useTargets(targets);
        generators.network().rearm();
        state = AgentState.RUNNING;
        applyTargets(now);
        return CommandOutcome.applied();
    }

    /** A safety violation: {@code stop} is an emergency stop whatever the cycle; other actions are for the orchestrator. */
    public CommandOutcome onViolation(Violation violation) {
        long received = System.nanoTime();
        if (violation.action() != SafetyAction.STOP) {
            return CommandOutcome.ignored("violation action " + violation.action().wireName() + " is not a stop");
        }
        synchronized (this) {
            stopAll("violation " + violation.ruleId() + " on " + violation.sourceId() + ": " + violation.message(), received);
        }
        return CommandOutcome.applied();
    }

    /** The broker cannot be reached: nobody can tell the agent to stop any more, so it stops by itself. */
    public synchronized void onBrokerUnreachable(String detail) {
        if (state == AgentState.RUNNING || state == AgentState.STOPPING) {
            stopAll("broker unreachable: " + detail, System.nanoTime());
        }
    }

    public synchronized AgentState state() {
        return state;
    }

    public synchronized String lastStopReason() {
        return lastStopReason;
    }

    private void gracefulStop(String why) {
        long now = clockMs.getAsLong();
        if (state == AgentState.RUNNING) {
            ramp = new LoadRamp(ramp.valueAt(now), 0, now, gracefulStopMs);
            state = AgentState.STOPPING;
            lastStopReason = why;
            applyTargets(now);
        } else if (state != AgentState.STOPPING) {
            stopAll(why, System.nanoTime());
        }
    }

    private void stopAll(String why, long receivedNanos) {
        generators.stopAll();
        long now = clockMs.getAsLong();
        boolean wasLoaded = state == AgentState.RUNNING || state == AgentState.STOPPING;
        ramp = LoadRamp.constant(0, now);
        state = AgentState.STOPPED;
        lastStopReason = why;
        lastStopAtMs = now;
        lastStopLatencyMs = (System.nanoTime() - receivedNanos) / 1e6;
        current = null;
        if (wasLoaded) {
            LOG.log(System.Logger.Level.WARNING, "Agent " + agentId + " stopped all load in "
                    + String.format("%.2f", lastStopLatencyMs) + " ms: " + why);
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Control tick failed; stopping all load", e);
            synchronized (this) {
                stopAll("control tick failed: " + e, System.nanoTime());
            }
        }
    }

    /** One control step; public so that tests can drive the controller without the ticker thread. */
    public synchronized void tick() {
        long now = clockMs.getAsLong();
        if (state == AgentState.RUNNING) {
            if (now >= leaseExpiresAtMs) {
                stopAll("lease of command " + current.commandId() + " (cycle " + current.cycleId()
                        + ") expired at " + leaseExpiresAtMs + " without renewal", System.nanoTime());
                return;
            }
            applyTargets(now);
        } else if (state == AgentState.STOPPING) {
            if (ramp.finishedAt(now)) {
                stopAll(lastStopReason, System.nanoTime());
            } else {
                applyTargets(now);
            }
        }
    }

    private void applyTargets(long now) {
        generators.setTargets(ramp.valueAt(now), weights);
    }

    public synchronized AgentStatus status() {
        long now = clockMs.getAsLong();
        Map<String, AgentStatus.Generator> readings = generators.statusReadings();
        Map<String, AgentStatus.Cap> caps = generators.caps();
        Map<String, String> notes = generators.notes();
        boolean active = state == AgentState.RUNNING || state == AgentState.STOPPING;
        return new AgentStatus(agentId, state,
                active && current != null ? current.cycleId() : null,
                active && current != null ? current.phase() : null,
                active && current != null ? current.sequence() : null,
                state == AgentState.RUNNING && current != null ? current.targetLoadPercent() : 0,
                active ? ramp.valueAt(now) : 0,
                state == AgentState.RUNNING ? leaseExpiresAtMs : null,
                lastStopReason, lastStopAtMs, lastStopLatencyMs, readings, caps, resources(), notes);
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
        return new MetricSample(Versioned.SCHEMA_VERSION, agentId, SourceKind.AGENT, host, clockMs.getAsLong(), cycle,
                phase, processMetrics, readings);
    }

    public AgentGenerators generators() {
        return generators;
    }

    public NetworkAllowlist allowlist() {
        return allowlist;
    }

    /** Stops every generator and the ticker; the agent is done and ignores any later phase command. */
    @Override
    public void close() {
        long received = System.nanoTime();
        ticker.shutdownNow();
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
        private LongSupplier clockMs = System::currentTimeMillis;

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

        /** Wall clock in ms, the same clock the orchestrator's leases use. */
        public Builder clockMs(LongSupplier clockMs) {
            this.clockMs = Checks.notNull(clockMs, "clock");
            return this;
        }

        public AgentController build() {
            return new AgentController(this);
        }
    }
}
