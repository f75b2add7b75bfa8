package io.stressfw.agent.generator;

import io.stressfw.model.Checks;

/**
 * When a worker that failed may start again. Each failure in a row doubles the wait, from {@code first} up to
 * {@code max}; a run that lasted at least {@code max} before it failed starts the count over, since it did work. So
 * a disk that stays full costs one attempt every {@code max}, not a new thread and file every tick. Times are
 * {@link System#nanoTime()} readings passed in. Guarded by its generator's lock.
 */
final class RestartBackoff {
    private final long firstNanos;
    private final long maxNanos;
    private int failures;
    private long notBeforeNanos;
    private boolean waiting;

    RestartBackoff(long firstNanos, long maxNanos) {
        Checks.positive(firstNanos, "first back-off (ns)");
        if (maxNanos < firstNanos) {
            throw new IllegalArgumentException("the longest back-off must not be shorter than the first");
        }
        this.firstNanos = firstNanos;
        this.maxNanos = maxNanos;
    }

    /** A run that started at {@code startedNanos} failed at {@code nowNanos}. */
    void failed(long startedNanos, long nowNanos) {
        if (nowNanos - startedNanos >= maxNanos) {
            failures = 0;
        }
        failures++;
        long wait = firstNanos;
        for (int i = 1; i < failures && wait < maxNanos; i++) {
            wait *= 2;
        }
        notBeforeNanos = nowNanos + Math.min(wait, maxNanos);
        waiting = true;
    }

    boolean mayStart(long nowNanos) {
        return !waiting || nowNanos - notBeforeNanos >= 0;
    }

    /** Failures in a row so far. */
    int failures() {
        return failures;
    }

    /** Milliseconds until the next start is allowed (0 when it is). */
    long waitMs(long nowNanos) {
        return mayStart(nowNanos) ? 0 : (notBeforeNanos - nowNanos + 999_999) / 1_000_000;
    }
}
