package io.stressfw.agent.generator;

import io.stressfw.model.Checks;

/**
 * Spaces out memory growth so that writing new pages costs at most a share of one core: after a chunk that took
 * {@code t} to write, the next may start {@code t x (1 / share - 1)} later. Unpaced, an agent grows at the machine's
 * page-in speed and spends a whole core for as long as it grows: measured at the start of the seed's LIGHT phase
 * (memory target 8 % of an 80 % cap on this 24 GiB machine), the agent held 90-110 % of a core for 0.8 s, the host
 * read 70-100 % on two cores and LIGHT's own {@code cpu_usage: 40} threshold stopped the cycle. The time is measured,
 * not assumed, so the bound holds on slow and fast page-in alike. Shrinking is never paced.
 */
public final class GrowthPacer {
    private final double share;
    private long nextAllowedNanos;
    private boolean paced;

    /** {@code share}: the part of one core growth may take, over 0 and up to 1 (1: unpaced). */
    public GrowthPacer(double share) {
        this.share = checkedShare(share);
    }

    static double checkedShare(double share) {
        if (!(share > 0) || share > 1) {
            throw new IllegalArgumentException("memory growth CPU share must be over 0 and at most 1, was " + Checks.format(share));
        }
        return share;
    }

    /** Nanoseconds before the next chunk may be written, 0 when it may be now. */
    public long nanosUntilNext(long nowNanos) {
        if (!paced) {
            return 0;
        }
        return Math.max(0, nextAllowedNanos - nowNanos);
    }

    /** A chunk was written from {@code startedNanos} to {@code endedNanos}. */
    public void grew(long startedNanos, long endedNanos) {
        long took = Math.max(0, endedNanos - startedNanos);
        nextAllowedNanos = endedNanos + (long) (took * (1 / share - 1));
        paced = true;
    }
}
