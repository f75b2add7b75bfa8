package io.stressfw.safety.breaker;

import io.stressfw.model.BreakerState;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.Checks;
import io.stressfw.model.Versioned;

/**
 * The breaker of one rule on one source. CLOSED -> OPEN on a violation; OPEN holds for {@code cooldownMs}, then
 * HALF_OPEN (the orchestrator may try again at a lower load); HALF_OPEN -> CLOSED on a healthy observation once
 * {@code healthyPeriodMs} has passed since it half-opened, or back to OPEN on a new violation. Every change is
 * returned as a {@link BreakerTransition}; a call that changes nothing returns null. Not thread-safe.
 */
public final class CircuitBreaker {
    private final String id;
    private final String ruleId;
    private final String sourceId;
    private final long cooldownMs;
    private final long healthyPeriodMs;
    private BreakerState state = BreakerState.CLOSED;
    private long sinceMs;
    private long trips;
    private long lastStopCommandMs = Long.MIN_VALUE;
    private String openedInCycle;

    public CircuitBreaker(String ruleId, String sourceId, long cooldownMs, long healthyPeriodMs, long nowMs) {
        Checks.notBlank(ruleId, "rule id");
        Checks.notBlank(sourceId, "source id");
        Checks.positive(cooldownMs, "cooldown in ms");
        Checks.nonNegative(healthyPeriodMs, "healthy period in ms");
        this.id = idOf(ruleId, sourceId);
        this.ruleId = ruleId;
        this.sourceId = sourceId;
        this.cooldownMs = cooldownMs;
        this.healthyPeriodMs = healthyPeriodMs;
        this.sinceMs = nowMs;
    }

    public static String idOf(String ruleId, String sourceId) {
        return ruleId + "@" + sourceId;
    }

    public BreakerView view() {
        return new BreakerView(id, ruleId, sourceId, state, sinceMs, openUntilMs(), trips, openedInCycle);
    }

    /** A violation outside any cycle: CLOSED or HALF_OPEN -> OPEN. */
    public BreakerTransition trip(long nowMs, String reason) {
        return trip(nowMs, reason, null);
    }

    /**
     * A violation during cycle {@code cycleId} (null: outside any cycle): CLOSED or HALF_OPEN -> OPEN, remembering
     * the cycle, so that a later pre-flight can tell a breaker of an ended cycle from one of the running cycle. An
     * OPEN breaker stays open with its cooldown and cycle unchanged.
     */
    public BreakerTransition trip(long nowMs, String reason, String cycleId) {
        if (state == BreakerState.OPEN) {
            return null;
        }
        trips++;
        openedInCycle = cycleId;
        return move(BreakerState.OPEN, nowMs, reason);
    }

    /** Time passes: OPEN -> HALF_OPEN once the cooldown is over. */
    public BreakerTransition tick(long nowMs) {
        if (state == BreakerState.OPEN && nowMs - sinceMs >= cooldownMs) {
            return move(BreakerState.HALF_OPEN, nowMs, "cooldown of " + cooldownMs + " ms over");
        }
        return null;
    }

    /** A healthy observation: HALF_OPEN -> CLOSED once the healthy period has passed. */
    public BreakerTransition healthy(long nowMs) {
        BreakerTransition cooled = tick(nowMs);
        if (state == BreakerState.HALF_OPEN && nowMs - sinceMs >= healthyPeriodMs) {
            return move(BreakerState.CLOSED, nowMs, "healthy");
        }
        return cooled;
    }

    /** An operator's reset: back to CLOSED from any state. */
    public BreakerTransition reset(long nowMs, String reason) {
        if (state == BreakerState.CLOSED) {
            return null;
        }
        return move(BreakerState.CLOSED, nowMs, reason);
    }

    /** Whether a repeated emergency stop may go out now: at most one per {@code minIntervalMs} per breaker. */
    public boolean stopCommandDue(long nowMs, long minIntervalMs) {
        return lastStopCommandMs == Long.MIN_VALUE || nowMs - lastStopCommandMs >= minIntervalMs;
    }

    public void stopCommandSent(long nowMs) {
        lastStopCommandMs = nowMs;
    }

    private BreakerTransition move(BreakerState to, long nowMs, String reason) {
        BreakerState from = state;
        state = to;
        sinceMs = nowMs;
        return new BreakerTransition(Versioned.SCHEMA_VERSION, nowMs, id, ruleId, sourceId, from, to, reason);
    }

    public String id() {
        return id;
    }

    public String ruleId() {
        return ruleId;
    }

    public String sourceId() {
        return sourceId;
    }

    public BreakerState state() {
        return state;
    }

    public long sinceMs() {
        return sinceMs;
    }

    public long trips() {
        return trips;
    }

    /** The cycle that was running when the breaker last opened; null when none was. */
    public String openedInCycle() {
        return openedInCycle;
    }

    /** When an OPEN breaker half-opens; null in other states. */
    public Long openUntilMs() {
        return state == BreakerState.OPEN ? sinceMs + cooldownMs : null;
    }
}
