package io.stressfw.agent.control;

import io.stressfw.agent.generator.LoadGenerator;
import io.stressfw.model.Command;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.LoadLimits;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The agent's brain, free of any framework: applies phase and stop commands to the generators, ramps the load,
 * runs the dead-man's switch (lease expiry, broker loss) and reports status and samples. A control thread ticks
 * every {@value #TICK_MS} ms; commands take effect in the calling thread at once.
 */
public final class AgentController implements AutoCloseable {
    public static final long TICK_MS = 20;
    private static final int REMEMBERED_CYCLES = 64;
    private static final System.Logger LOG = System.getLogger(AgentController.class.getName());

    private final String agentId;
    private final AgentGenerators generators;
    private final NetworkAllowlist allowlist;
    private final LongSupplier clockMs;
    private final long gracefulStopMs;
    private final Map<String, Long> lastSequence = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_CYCLES;
        }
    };
    private final ScheduledExecutorService ticker;

    private AgentState state = AgentState.IDLE;
    private PhaseCommand current;
    private long leaseExpiresAtMs;
    private LoadRamp ramp = LoadRamp.constant(0, 0);
    private ResourceWeights weights = new ResourceWeights(0, 0, 0, 0);
    private String lastStopReason;
    private Long lastStopAtMs;
    private Double lastStopLatencyMs;

    /**
     * @param gracefulStopMs how long a graceful stop ramps down (at most 2000 ms)
     * @param clockMs        wall clock in ms, the same clock the orchestrator's leases use
     */
    public AgentController(String agentId, AgentGenerators generators, NetworkAllowlist allowlist, long gracefulStopMs,
                           LongSupplier clockMs) {
        if (agentId == null || agentId.isBlank()) {
            throw new IllegalArgumentException("agent id must not be blank");
        }
        if (generators == null || allowlist == null || clockMs == null) {
            throw new IllegalArgumentException("generators, allowlist and clock are required");
        }
        if (gracefulStopMs < 0 || gracefulStopMs > 2000) {
            throw new IllegalArgumentException("graceful stop ramp must be between 0 and 2000 ms, was " + gracefulStopMs);
        }
        this.agentId = agentId;
        this.generators = generators;
        this.allowlist = allowlist;
        this.gracefulStopMs = gracefulStopMs;
        this.clockMs = clockMs;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-control-" + agentId);
            t.setDaemon(true);
            return t;
        });
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
                    lastSequence.merge(stop.cycleId(), stop.sequence(), Math::max);
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
        long now = clockMs.getAsLong();
        if (command.leaseExpired(now)) {
            return CommandOutcome.ignored("lease of command " + command.commandId() + " expired at "
                    + command.leaseExpiresAtMs() + " (now " + now + ")");
        }
        Long last = lastSequence.get(command.cycleId());
        if (last != null && command.sequence() < last) {
            return CommandOutcome.ignored("sequence " + command.sequence() + " is older than " + last
                    + " already applied for cycle " + command.cycleId());
        }
        String refusal = capViolation(command.limits());
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
        lastSequence.put(command.cycleId(), command.sequence());
        double from = state == AgentState.RUNNING || state == AgentState.STOPPING ? ramp.valueAt(now) : 0;
        current = command;
        leaseExpiresAtMs = command.leaseExpiresAtMs();
        weights = command.weights();
        ramp = new LoadRamp(from, command.targetLoadPercent(), now, Math.round(command.rampSeconds() * 1000));
        LoadLimits limits = command.limits();
        generators.memory().limitCap(limits.memoryMb());
        generators.io().limitCaps(limits.ioOpsPerSecond(), limits.diskMb());
        generators.network().limitCap(limits.networkMbps());
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

    private String capViolation(LoadLimits limits) {
        String memory = above("limits.memory_mb", limits.memoryMb(), generators.memory().configuredCapMb(), "MB");
        String disk = above("limits.disk_mb", limits.diskMb(), generators.io().configuredDiskMb(), "MB");
        String network = above("limits.network_mbps", limits.networkMbps(), generators.network().configuredMbps(), "Mbps");
        String ops = above("limits.io_ops_per_second", limits.ioOpsPerSecond(), generators.io().configuredOpsPerSecond(), "ops/s");
        for (String s : new String[]{memory, disk, network, ops}) {
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    private static String above(String field, Double requested, double own, String unit) {
        if (requested != null && requested > own + 1e-9) {
            return field + " " + requested + " " + unit + " is above the agent's own cap of " + own + " " + unit
                    + "; a command may only lower caps";
        }
        return null;
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
        for (LoadGenerator generator : generators.all()) {
            try {
                generator.stopNow();
            } catch (RuntimeException e) {
                // One generator failing to clean up must never keep the others running.
                LOG.log(System.Logger.Level.ERROR, "Generator " + generator.kind().wireName() + " failed to stop cleanly", e);
            }
        }
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
        double load = ramp.valueAt(now);
        for (LoadGenerator generator : generators.all()) {
            double weight = weights.of(generator.kind());
            generator.setTarget(Math.max(0, Math.min(100, load * weight)));
        }
    }

    public synchronized AgentStatus status() {
        long now = clockMs.getAsLong();
        Map<String, AgentStatus.Generator> readings = new LinkedHashMap<>();
        for (LoadGenerator g : List.of(generators.cpu(), generators.memory(), generators.io(), generators.network())) {
            GeneratorReading r = g.reading();
            readings.put(g.kind().wireName(), new AgentStatus.Generator(r.targetPercent(), r.achievedPercent(),
                    r.achievedValue(), r.unit(), g.cap()));
        }
        Map<String, AgentStatus.Cap> caps = new LinkedHashMap<>();
        caps.put("cpu_cores", new AgentStatus.Cap(generators.cpu().cap(), generators.cpu().cap(), "cores"));
        caps.put("memory_mb", new AgentStatus.Cap(generators.memory().configuredCapMb(), generators.memory().cap(), "mb"));
        caps.put("disk_mb", new AgentStatus.Cap(generators.io().configuredDiskMb(), generators.io().diskCapMb(), "mb"));
        caps.put("io_ops_per_second", new AgentStatus.Cap(generators.io().configuredOpsPerSecond(), generators.io().cap(), "iops"));
        caps.put("network_mbps", new AgentStatus.Cap(generators.network().configuredMbps(), generators.network().cap(), "mbps"));
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("cpu_mode", generators.cpu().mode().name().toLowerCase(java.util.Locale.ROOT));
        if (generators.memory().lastRefusal() != null) {
            notes.put("memory_refusal", generators.memory().lastRefusal());
        }
        if (generators.network().lastStopReason() != null) {
            notes.put("network", generators.network().lastStopReason());
        }
        if (generators.io().lastError() != null) {
            notes.put("io", generators.io().lastError());
        }
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

    public AgentStatus.Resources resources() {
        int threads = generators.all().stream().mapToInt(LoadGenerator::activeThreads).sum();
        return new AgentStatus.Resources(threads, generators.io().scratchFiles(), generators.network().openConnections(),
                generators.memory().allocatedMb());
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
        Map<String, GeneratorReading> readings = new LinkedHashMap<>();
        for (LoadGenerator g : generators.all()) {
            readings.put(g.kind().wireName(), g.reading());
        }
        return new MetricSample(Versioned.SCHEMA_VERSION, agentId, SourceKind.AGENT, host, clockMs.getAsLong(), cycle,
                phase, processMetrics, readings);
    }

    public AgentGenerators generators() {
        return generators;
    }

    public NetworkAllowlist allowlist() {
        return allowlist;
    }

    /** Stops every generator and the ticker; the agent is done. */
    @Override
    public void close() {
        ticker.shutdownNow();
        synchronized (this) {
            stopAll("agent shutting down", System.nanoTime());
        }
    }
}
