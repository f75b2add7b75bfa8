package io.stressfw.orchestrator.cycle;

import io.stressfw.model.Checks;
import io.stressfw.model.LoadLimits;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.Versioned;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Which command the agents get, and when. A phase command is due when the caller forces it (a start, an operator
 * adjustment, a throttle), when the phase changed, when the setpoint moved by {@value #PUBLISH_DELTA} load points or
 * reached the target, or when the last one is {@code command-interval} old: its lease must be renewed long before it
 * runs out, or the agents stop by themselves. The lease travels as a duration ({@code lease_ms}), which each agent
 * applies on its own monotonic clock from the moment the command arrives, so no two clocks need to agree.
 *
 * <p>Every command, phase or stop, takes the next sequence number, restarted at each cycle. The epoch grows only when
 * the orchestrator means a new setpoint explicitly: a cycle's first phase, each new phase, and an operator's
 * adjustment of the running phase ({@link #explicitSetpoint()}). Renewals, ramp steps, throttles and adaptive steps
 * keep it, so an agent that stopped by itself stays stopped until the next phase or adjustment.
 *
 * <p>It also spaces out throttles: safety-service repeats a throttle violation while the breach lasts, and those within
 * {@value #THROTTLE_COOLDOWN_MS} ms of the last one acted on count as one. Plain Java, not thread-safe: the service
 * calls it under its lock.
 */
public final class CommandSchedule {
    /** A setpoint change of at least this many load points is published at once, not at the next renewal. */
    static final double PUBLISH_DELTA = 0.5;
    /** Throttle violations closer together than this count as one (safety repeats them while the breach lasts). */
    static final long THROTTLE_COOLDOWN_MS = 2_000;
    /** Renewals at most this far apart: agents must hear from a live orchestrator every second. */
    static final Duration MAX_COMMAND_INTERVAL = Duration.ofSeconds(1);

    private final Clock clock;
    private final long intervalMs;
    private final long leaseMs;
    private final Supplier<String> commandIds;

    private long sequence;
    private LoadLimits limits = LoadLimits.NONE;
    private long epoch;
    private boolean explicitSetpoint;
    private long lastCommandMs;
    private double lastCommandLoad = -1;
    private Phase lastCommandPhase;
    private Long lastThrottleMs;

    public CommandSchedule(Clock clock, Duration commandInterval, Duration lease) {
        this(clock, commandInterval, lease, () -> UUID.randomUUID().toString());
    }

    CommandSchedule(Clock clock, Duration commandInterval, Duration lease, Supplier<String> commandIds) {
        this.clock = Checks.notNull(clock, "clock");
        Checks.notNull(commandInterval, "stress.cycle.command-interval");
        Checks.notNull(lease, "stress.cycle.lease");
        if (commandInterval.toMillis() <= 0 || commandInterval.toMillis() > MAX_COMMAND_INTERVAL.toMillis()) {
            throw new IllegalArgumentException("stress.cycle.command-interval must be in (0, 1s], was " + commandInterval);
        }
        if (lease.compareTo(commandInterval) <= 0) {
            throw new IllegalArgumentException("stress.cycle.lease (" + lease
                    + ") must be longer than stress.cycle.command-interval (" + commandInterval + ")");
        }
        this.intervalMs = commandInterval.toMillis();
        this.leaseMs = lease.toMillis();
        this.commandIds = Checks.notNull(commandIds, "command ids");
    }

    /** A new cycle: sequence numbers start over and its first phase command is due whatever the last one was. */
    public void newCycle() {
        newCycle(LoadLimits.NONE);
    }

    /** A new cycle whose phase commands carry the plan's caps for the agents ({@code agents.limits}). */
    public void newCycle(LoadLimits cycleLimits) {
        limits = Checks.notNull(cycleLimits, "limits");
        sequence = 0;
        epoch = 0;
        explicitSetpoint = false;
        lastCommandLoad = -1;
        lastCommandPhase = null;
    }

    /**
     * The next phase command carries a new setpoint the operator chose explicitly (an adjustment of the running
     * phase): it is due at once and raises the epoch, so agents that stopped by themselves load again.
     */
    public void explicitSetpoint() {
        explicitSetpoint = true;
    }

    /** The epoch of the last phase command (0 before the cycle's first). */
    public long epoch() {
        return epoch;
    }

    /**
     * The phase command for the engine's current setpoint, if one is due ({@code force}: it is); the load is
     * rounded to hundredths of a point.
     */
    public Optional<PhaseCommand> phaseCommand(boolean force, String cycleId, Phase phase, double load, double target,
                                               ResourceWeights weights) {
        long now = clock.millis();
        double rounded = round(load);
        boolean newPhase = phase != lastCommandPhase;
        boolean due = force || explicitSetpoint || newPhase
                || Math.abs(rounded - lastCommandLoad) >= PUBLISH_DELTA
                || (rounded != lastCommandLoad && rounded == round(target))
                || now - lastCommandMs >= intervalMs;
        if (!due) {
            return Optional.empty();
        }
        if (newPhase || explicitSetpoint) {
            epoch++;
            explicitSetpoint = false;
        }
        PhaseCommand command = PhaseCommand.builder(cycleId, phase).commandId(commandIds.get()).sequence(++sequence)
                .epoch(epoch).issuedAtMs(now).leaseMs(leaseMs).targetLoadPercent(rounded).weights(weights).limits(limits)
                .build();
        lastCommandMs = now;
        lastCommandLoad = rounded;
        lastCommandPhase = phase;
        return Optional.of(command);
    }

    /** A stop command with the next sequence number; {@code cycleId} null: whatever the agents run. */
    public StopCommand stopCommand(String cycleId, StopMode mode, String reason, String issuedBy) {
        return new StopCommand(Versioned.SCHEMA_VERSION, commandIds.get(), cycleId, ++sequence, clock.millis(), mode,
                reason, issuedBy);
    }

    /** True when a throttle violation arriving now is acted on; it then starts a new cooldown. */
    public boolean throttleDue() {
        long now = clock.millis();
        if (lastThrottleMs != null && now - lastThrottleMs < THROTTLE_COOLDOWN_MS) {
            return false;
        }
        lastThrottleMs = now;
        return true;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
