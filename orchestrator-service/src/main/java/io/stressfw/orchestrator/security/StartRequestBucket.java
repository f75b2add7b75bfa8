package io.stressfw.orchestrator.security;

import java.time.Duration;

/**
 * The token bucket that limits cycle starts (REST and WebSocket alike): up to {@code capacity} start requests at
 * once, refilled at {@code capacity} per {@code period}. Time comes from the caller (monotonic nanoseconds) so the
 * behaviour is testable without sleeping.
 */
public final class StartRequestBucket {
    /** The outcome of one attempt; {@code retryAfter} is zero when allowed. */
    public record Decision(boolean allowed, Duration retryAfter) {
        /** Whole seconds to wait, at least one: the value of a Retry-After header. */
        public long retryAfterSeconds() {
            long seconds = (retryAfter.toNanos() + 999_999_999L) / 1_000_000_000L;
            return Math.max(1, seconds);
        }
    }

    private final int capacity;
    private final double nanosPerToken;
    private double tokens;
    private long lastRefillNanos;

    public StartRequestBucket(int capacity, Duration period, long nowNanos) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        this.capacity = capacity;
        this.nanosPerToken = (double) period.toNanos() / capacity;
        this.tokens = capacity;
        this.lastRefillNanos = nowNanos;
    }

    public synchronized Decision tryAcquire(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return new Decision(true, Duration.ZERO);
        }
        long wait = (long) Math.ceil((1 - tokens) * nanosPerToken);
        return new Decision(false, Duration.ofNanos(Math.max(1, wait)));
    }

    public synchronized double available(long nowNanos) {
        refill(nowNanos);
        return tokens;
    }

    public int capacity() {
        return capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefillNanos;
        // A clock that went backwards (or the same instant) adds nothing; the bucket never holds more than capacity.
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed / nanosPerToken);
            lastRefillNanos = nowNanos;
        }
    }
}
