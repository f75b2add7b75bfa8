package io.stressfw.agent.generator;

import io.stressfw.model.Checks;

/**
 * Paces one worker's operations (I/O operations, network bytes) to a rate: a token bucket whose tokens accrue at
 * {@code rate} per second up to {@code burstSeconds} worth of them, so that an idle spell cannot be made up in one
 * burst. It always holds room for the largest single take, or a slow rate could never grant it. Not thread-safe;
 * one worker owns it.
 */
public final class PacingBucket {
    private double rate;
    private final double burstSeconds;
    private final double largestTake;
    private double tokens;
    private long lastNanos;

    /**
     * A bucket for takes of one token (one operation).
     *
     * @param burstSeconds how many seconds of tokens may pile up (bounds the burst after an idle spell)
     */
    public PacingBucket(double ratePerSecond, double burstSeconds, long nowNanos) {
        this(1, ratePerSecond, burstSeconds, nowNanos);
    }

    private PacingBucket(double largestTake, double ratePerSecond, double burstSeconds, long nowNanos) {
        if (burstSeconds <= 0 || burstSeconds > 1) {
            throw new IllegalArgumentException("burst seconds must be in (0, 1], was " + burstSeconds);
        }
        this.largestTake = Checks.positive(largestTake, "largest take");
        this.burstSeconds = burstSeconds;
        this.lastNanos = nowNanos;
        setRate(ratePerSecond, nowNanos);
    }

    /** A bucket for takes of up to {@code largestTake} tokens at once (a network write of that many bytes). */
    public static PacingBucket forTakesOf(double largestTake, double ratePerSecond, double burstSeconds, long nowNanos) {
        return new PacingBucket(largestTake, ratePerSecond, burstSeconds, nowNanos);
    }

    public void setRate(double ratePerSecond, long nowNanos) {
        Checks.nonNegative(ratePerSecond, "pacing rate per second");
        refill(nowNanos);
        this.rate = ratePerSecond;
        tokens = Math.min(tokens, capacity());
    }

    public double rate() {
        return rate;
    }

    /** Takes {@code amount} tokens if they are there. */
    public boolean tryTake(double amount, long nowNanos) {
        refill(nowNanos);
        if (rate > 0 && tokens >= amount) {
            tokens -= amount;
            return true;
        }
        return false;
    }

    /** How long until {@code amount} tokens are there (Long.MAX_VALUE at rate zero). */
    public long nanosUntil(double amount, long nowNanos) {
        refill(nowNanos);
        if (tokens >= amount) {
            return 0;
        }
        if (rate <= 0) {
            return Long.MAX_VALUE;
        }
        return (long) Math.ceil((amount - tokens) / rate * 1e9);
    }

    private double capacity() {
        return Math.max(rate * burstSeconds, largestTake);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity(), tokens + rate * elapsed / 1e9);
            lastNanos = nowNanos;
        }
    }
}
