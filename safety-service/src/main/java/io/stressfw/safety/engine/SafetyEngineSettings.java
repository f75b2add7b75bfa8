package io.stressfw.safety.engine;

import io.stressfw.model.Checks;
import io.stressfw.model.SafetyAction;

import java.time.Duration;

/**
 * Tuning of the {@link SafetyEngine}: {@link #defaults()}, or {@link #builder()} (which starts from the defaults) with
 * a setter per knob. Each setter checks its value; {@link Builder#build()} checks how they fit together.
 */
public final class SafetyEngineSettings {
    private final Duration staleGap;
    private final SafetyAction staleAction;
    private final Duration breakerCooldown;
    private final Duration breakerHealthyPeriod;
    private final Duration stopRepeatInterval;
    private final Duration clockSkewWarning;
    private final Duration forgetSourceAfter;
    private final int recentViolations;
    private final Duration preflightSampleAge;
    private final Duration preflightHistory;
    private final double minMemoryFreePercent;
    private final double minDiskFreePercent;
    private final Duration phaseRuleSettle;

    private SafetyEngineSettings(Builder b) {
        this.staleGap = b.staleGap;
        this.staleAction = b.staleAction;
        this.breakerCooldown = b.breakerCooldown;
        this.breakerHealthyPeriod = b.breakerHealthyPeriod;
        this.stopRepeatInterval = b.stopRepeatInterval;
        this.clockSkewWarning = b.clockSkewWarning;
        this.forgetSourceAfter = b.forgetSourceAfter;
        this.recentViolations = b.recentViolations;
        this.preflightSampleAge = b.preflightSampleAge;
        this.preflightHistory = b.preflightHistory;
        this.minMemoryFreePercent = b.minMemoryFreePercent;
        this.minDiskFreePercent = b.minDiskFreePercent;
        this.phaseRuleSettle = b.phaseRuleSettle;
    }

    public static SafetyEngineSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No sample from a known source for longer than this, during a cycle, is a violation. */
    public Duration staleGap() {
        return staleGap;
    }

    /** What a stale source asks for. */
    public SafetyAction staleAction() {
        return staleAction;
    }

    /** How long a breaker stays OPEN before HALF_OPEN. */
    public Duration breakerCooldown() {
        return breakerCooldown;
    }

    /** How long a HALF_OPEN breaker waits before a healthy sample may close it. */
    public Duration breakerHealthyPeriod() {
        return breakerHealthyPeriod;
    }

    /** An OPEN breaker whose rule still holds repeats its emergency stop at most this often. */
    public Duration stopRepeatInterval() {
        return stopRepeatInterval;
    }

    /** A source whose clock is further than this from safety-service's is reported with a warning. */
    public Duration clockSkewWarning() {
        return clockSkewWarning;
    }

    /** A source silent for this long is forgotten (no longer checked for staleness). */
    public Duration forgetSourceAfter() {
        return forgetSourceAfter;
    }

    /** How many violations {@link SafetyEngine#recentViolations} keeps. */
    public int recentViolations() {
        return recentViolations;
    }

    /** A host sample younger than this counts as recent for the pre-flight check. */
    public Duration preflightSampleAge() {
        return preflightSampleAge;
    }

    /**
     * How much of each host's recent samples pre-flight replays through a rule's window to judge it as the engine
     * would: at least the longest window a rule uses.
     */
    public Duration preflightHistory() {
        return preflightHistory;
    }

    /** Pre-flight: free memory must be at least this, in percent. */
    public double minMemoryFreePercent() {
        return minMemoryFreePercent;
    }

    /** Pre-flight: free disk must be at least this, in percent. */
    public double minDiskFreePercent() {
        return minDiskFreePercent;
    }

    /** Starts from the defaults; every setter refuses a value out of range, naming the knob. */
    /** How long after a cycle's start its first phase's rules come into force ({@link PhaseRuleArming}). */
    public Duration phaseRuleSettle() {
        return phaseRuleSettle;
    }

    public static final class Builder {
        private Duration staleGap = Duration.ofSeconds(2);
        private SafetyAction staleAction = SafetyAction.STOP;
        private Duration breakerCooldown = Duration.ofSeconds(30);
        private Duration breakerHealthyPeriod = Duration.ZERO;
        private Duration stopRepeatInterval = Duration.ofSeconds(1);
        private Duration clockSkewWarning = Duration.ofSeconds(1);
        private Duration forgetSourceAfter = Duration.ofSeconds(60);
        private int recentViolations = 500;
        private Duration preflightSampleAge = Duration.ofSeconds(10);
        private Duration preflightHistory = Duration.ofSeconds(10);
        private double minMemoryFreePercent = 10;
        private double minDiskFreePercent = 10;
        private Duration phaseRuleSettle = Duration.ofSeconds(3);

        private Builder() {
        }

        public Builder staleGap(Duration value) {
            staleGap = positive(value, "stale gap");
            return this;
        }

        public Builder staleAction(SafetyAction value) {
            staleAction = Checks.notNull(value, "stale action");
            return this;
        }

        public Builder breakerCooldown(Duration value) {
            breakerCooldown = positive(value, "breaker cooldown");
            return this;
        }

        public Builder breakerHealthyPeriod(Duration value) {
            Checks.notNull(value, "breaker healthy period");
            if (value.isNegative()) {
                throw new IllegalArgumentException("breaker healthy period must be >= 0, was " + value);
            }
            breakerHealthyPeriod = value;
            return this;
        }

        public Builder stopRepeatInterval(Duration value) {
            stopRepeatInterval = positive(value, "stop repeat interval");
            return this;
        }

        public Builder clockSkewWarning(Duration value) {
            clockSkewWarning = positive(value, "clock skew warning");
            return this;
        }

        /** Must end up longer than the stale gap, which {@link #build()} checks. */
        public Builder forgetSourceAfter(Duration value) {
            forgetSourceAfter = positive(value, "forget-source-after");
            return this;
        }

        public Builder recentViolations(int value) {
            recentViolations = (int) Checks.between(value, 1, 100_000, "recent violations");
            return this;
        }

        public Builder preflightSampleAge(Duration value) {
            preflightSampleAge = positive(value, "pre-flight sample age");
            return this;
        }

        /** At most 30 s: the history keeps at most 300 samples per host (30 s at the 100 ms sampling interval). */
        public Builder preflightHistory(Duration value) {
            Duration checked = positive(value, "pre-flight history");
            if (checked.compareTo(Duration.ofSeconds(30)) > 0) {
                throw new IllegalArgumentException("pre-flight history must be at most 30s, was " + value);
            }
            preflightHistory = checked;
            return this;
        }

        public Builder minMemoryFreePercent(double value) {
            minMemoryFreePercent = Checks.between(value, 0, 100, "min memory free percent");
            return this;
        }

        public Builder minDiskFreePercent(double value) {
            minDiskFreePercent = Checks.between(value, 0, 100, "min disk free percent");
            return this;
        }

        /** 0 to 10 s; 0 puts every phase's rules in force the moment the phase starts. */
        public Builder phaseRuleSettle(Duration value) {
            if (value == null || value.isNegative() || value.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("phase rule settle must be between 0s and 10s, was " + value);
            }
            phaseRuleSettle = value;
            return this;
        }

        public SafetyEngineSettings build() {
            if (forgetSourceAfter.compareTo(staleGap) <= 0) {
                throw new IllegalArgumentException("forget-source-after (" + forgetSourceAfter
                        + ") must be longer than the stale gap (" + staleGap + ")");
            }
            return new SafetyEngineSettings(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, was " + value);
            }
            return value;
        }
    }
}
