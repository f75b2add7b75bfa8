package io.stressfw.agent.generator;

import io.stressfw.model.Checks;

/**
 * Spaces out memory growth so that writing new pages costs at most a share of one core: after a chunk whose pages
 * took {@code c} of the growing thread's CPU, the next may start {@code c x (1 / share - 1)} after it ended. Unpaced,
 * an agent grows at the machine's page-in speed and spends a whole core for as long as it grows: measured at the
 * start of the seed's LIGHT phase (memory target 8 % of an 80 % cap on this 24 GiB machine), the agent held 90-110 %
 * of a core for 0.8 s, the host read 70-100 % on two cores and LIGHT's own {@code cpu_usage: 40} threshold stopped
 * the cycle. The cost is measured, not assumed, so the bound holds on slow and fast page-in alike; it is CPU time,
 * not wall time, so that a chunk that waited for a core behind the CPU generator's workers does not hold the next one
 * back for the waiting too.
 *
 * <p>With nothing to trade (headroom NaN: container scope, no CPU load) growth keeps the base share. Where the CPU
 * target leaves room ({@link #grew}'s headroom: in host scope, what the CPU generator's workers burn and would give
 * up), growth takes it, up to a whole core: the share for the next chunk is what growth took over the
 * last one plus that headroom, never under the base share. Growth taking more lowers the headroom and a host over
 * the target makes it negative, so the share settles where the target leaves nothing, or at the base share. Shrinking
 * is never paced.
 */
public final class GrowthPacer {
    private final double share;
    private long nextAllowedNanos;
    private long lastEndedNanos;
    private boolean paced;

    /** {@code share}: the part of one core growth may always take, over 0 and up to 1 (1: unpaced). */
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

    /**
     * A chunk was written, ending at {@code endedNanos} and costing {@code costNanos} of CPU; {@code headroomCores} is
     * the CPU the target leaves beside growth now, in cores (0: none, negative: the host is over it by that much; NaN:
     * nothing to trade).
     */
    public void grew(long endedNanos, long costNanos, double headroomCores) {
        long cost = Math.max(0, costNanos);
        long since = endedNanos - lastEndedNanos;
        // What growth took since the last chunk ended: this chunk's cost over the time since (pause included).
        double taking = paced && since > 0 ? Math.min(1, cost / (double) since) : 0;
        // Nothing to trade: the base share. What growth took is no guide alone: over a chunk costlier than the one that
        // sized the pause before it, growth took more than its share, and following that would ratchet the share up.
        double now = Double.isNaN(headroomCores) ? share : Math.max(share, Math.min(1, taking + headroomCores));
        nextAllowedNanos = endedNanos + (long) (cost * (1 / now - 1));
        lastEndedNanos = endedNanos;
        paced = true;
    }
}
