package io.stressfw.safety.engine;

import io.stressfw.safety.rule.ThresholdRule;

import java.util.List;
import java.util.Optional;

/**
 * When the rules of a cycle's first phase come into force: {@code settle} after the cycle started, by this service's
 * monotonic clock; every later phase's rules at once. A cycle's start is the platform's own largest burst after its
 * start-up (every sampler goes from 1 to 10 samples a second, the services compile the paths that now run hot, the
 * agent starts its generators): measured on two cores at 50-100 % of the host for about a second, before any load of
 * the phase could count (a ramp starts at its minimum). A phase threshold meant for the phase's own load (the seed's
 * LIGHT: {@code cpu_usage: 40}) would stop every first phase there. The global rules are in force all along, and the
 * pre-flight has just judged the first phase's thresholds on fresh samples. A safety-service that joins a cycle after
 * its start arms at once. Not thread-safe.
 */
public final class PhaseRuleArming {
    private final long settleMs;
    private long cycleStartedAtMs;
    private boolean firstPhasePending;
    private List<ThresholdRule> pending;
    private long armAtMs;

    /** {@code settleMs}: 0 arms every phase at once. */
    public PhaseRuleArming(long settleMs) {
        if (settleMs < 0) {
            throw new IllegalArgumentException("phase rule settle must not be negative, was " + settleMs + " ms");
        }
        this.settleMs = settleMs;
    }

    /** A new cycle started at {@code nowMs}: its first phase's rules wait for the settle. */
    public void cycleStarted(long nowMs) {
        cycleStartedAtMs = nowMs;
        firstPhasePending = true;
        pending = null;
    }

    /** A phase started with {@code rules}; returns the rules in force now (empty while they settle). */
    public List<ThresholdRule> phaseStarted(List<ThresholdRule> rules, long nowMs) {
        boolean first = firstPhasePending;
        firstPhasePending = false;
        long armAt = cycleStartedAtMs + settleMs;
        if (first && nowMs - armAt < 0 && !rules.isEmpty()) {
            pending = List.copyOf(rules);
            armAtMs = armAt;
            return List.of();
        }
        pending = null;
        return rules;
    }

    /** The waiting rules once their time has come (once), else empty. */
    public Optional<List<ThresholdRule>> due(long nowMs) {
        if (pending == null || nowMs - armAtMs < 0) {
            return Optional.empty();
        }
        List<ThresholdRule> rules = pending;
        pending = null;
        return Optional.of(rules);
    }

    /** The phase or the cycle ended: nothing waits any more. */
    public void clear() {
        pending = null;
        firstPhasePending = false;
    }

    /** When the waiting rules come into force (monotonic ms), if any wait. */
    public Optional<Long> armsAtMs() {
        return pending == null ? Optional.empty() : Optional.of(armAtMs);
    }
}
