package io.stressfw.safety.engine;

/**
 * How far a source's clock is from this service's, measured from its samples: each sample's own stamp minus its
 * arrival time on this service's wall clock. That difference is the skew less the sample's transit (Kafka, batching),
 * so the largest one seen recently is the best estimate: the sample that travelled fastest. Positive: the source's
 * clock is ahead. "Recently" is the current and the previous {@value #BUCKET_MS} ms bucket of arrivals (monotonic),
 * so the estimate follows a clock that was stepped within 20 s. Nothing here decides whether a sample is evaluated:
 * every sample is, whatever its stamp says. A source is warned about only once it has been heard for
 * {@value #JUDGE_AFTER_MS} ms: its first samples may have waited for the broker (a launcher starts the services while
 * the broker starts), and by then fresher ones give the estimate. Not thread-safe (the engine's lock).
 */
final class ClockSkew {
    static final long BUCKET_MS = 10_000;
    /** Once warned, the warning re-arms only below this share of the limit, so a skew at the limit warns once. */
    static final double REARM_SHARE = 0.8;
    static final long JUDGE_AFTER_MS = 3_000;
    private static final long NONE = Long.MIN_VALUE;

    private long bucketStartMs = NONE;
    private long current = NONE;
    private long previous = NONE;
    private boolean warned;
    private long firstArrivalMs = NONE;
    private long lastArrivalMs;

    void observe(long sampleStampMs, long arrivalWallMs, long arrivalMonotonicMs) {
        if (firstArrivalMs == NONE) {
            firstArrivalMs = arrivalMonotonicMs;
        }
        lastArrivalMs = arrivalMonotonicMs;
        if (bucketStartMs == NONE || arrivalMonotonicMs - bucketStartMs >= BUCKET_MS) {
            previous = bucketStartMs != NONE && arrivalMonotonicMs - bucketStartMs < 2 * BUCKET_MS ? current : NONE;
            current = NONE;
            bucketStartMs = arrivalMonotonicMs;
        }
        current = Math.max(current, sampleStampMs - arrivalWallMs);
    }

    /** The estimate in ms (positive: the source is ahead), or null before the first sample. */
    Long estimateMs() {
        long estimate = Math.max(current, previous);
        return estimate == NONE ? null : estimate;
    }

    boolean warned() {
        return warned;
    }

    /** True exactly when the estimate has just gone beyond {@code limitMs} either way (once per excursion). */
    boolean crossedAbove(long limitMs) {
        Long estimate = estimateMs();
        if (estimate == null || lastArrivalMs - firstArrivalMs < JUDGE_AFTER_MS) {
            return false;
        }
        long magnitude = Math.abs(estimate);
        if (!warned && magnitude > limitMs) {
            warned = true;
            return true;
        }
        if (warned && magnitude < limitMs * REARM_SHARE) {
            warned = false;
        }
        return false;
    }
}
