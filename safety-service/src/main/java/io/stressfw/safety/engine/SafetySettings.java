package io.stressfw.safety.engine;

import io.stressfw.model.SafetyAction;

import java.time.Duration;

/**
 * Tuning of the {@link SafetyEngine}.
 *
 * @param staleGap            no sample from a known source for longer than this, during a cycle, is a violation
 * @param staleAction         what a stale source asks for
 * @param breakerCooldown     how long a breaker stays OPEN before HALF_OPEN
 * @param breakerHealthyPeriod how long a HALF_OPEN breaker waits before a healthy sample may close it
 * @param stopRepeatInterval  an OPEN breaker whose rule still holds repeats its emergency stop at most this often
 * @param maxSampleAge        samples produced longer ago than this are history (a replay), not evaluated
 * @param forgetSourceAfter   a source silent for this long is forgotten (no longer checked for staleness)
 * @param recentViolations    how many violations {@code recentViolations} keeps
 * @param preflightSampleAge  a host sample younger than this counts as recent for the pre-flight check
 * @param minMemoryFreePercent pre-flight: free memory must be at least this, in percent
 * @param minDiskFreePercent  pre-flight: free disk must be at least this, in percent
 */
public record SafetySettings(
        Duration staleGap,
        SafetyAction staleAction,
        Duration breakerCooldown,
        Duration breakerHealthyPeriod,
        Duration stopRepeatInterval,
        Duration maxSampleAge,
        Duration forgetSourceAfter,
        int recentViolations,
        Duration preflightSampleAge,
        double minMemoryFreePercent,
        double minDiskFreePercent) {

    public SafetySettings {
        positive(staleGap, "stale gap");
        if (staleAction == null) {
            throw new IllegalArgumentException("stale action is required");
        }
        positive(breakerCooldown, "breaker cooldown");
        if (breakerHealthyPeriod == null || breakerHealthyPeriod.isNegative()) {
            throw new IllegalArgumentException("breaker healthy period must be >= 0");
        }
        positive(stopRepeatInterval, "stop repeat interval");
        positive(maxSampleAge, "max sample age");
        positive(forgetSourceAfter, "forget-source-after");
        if (forgetSourceAfter.compareTo(staleGap) <= 0) {
            throw new IllegalArgumentException("forget-source-after (" + forgetSourceAfter + ") must be longer than the stale gap (" + staleGap + ")");
        }
        if (recentViolations < 1 || recentViolations > 100_000) {
            throw new IllegalArgumentException("recent violations must be between 1 and 100000, was " + recentViolations);
        }
        positive(preflightSampleAge, "pre-flight sample age");
        percent(minMemoryFreePercent, "min memory free");
        percent(minDiskFreePercent, "min disk free");
    }

    public static SafetySettings defaults() {
        return new SafetySettings(Duration.ofSeconds(2), SafetyAction.STOP, Duration.ofSeconds(30), Duration.ZERO,
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60), 500, Duration.ofSeconds(10), 10, 10);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + d);
        }
    }

    private static void percent(double value, String name) {
        if (!(value >= 0 && value <= 100)) {
            throw new IllegalArgumentException(name + " must be between 0 and 100 percent, was " + value);
        }
    }
}
