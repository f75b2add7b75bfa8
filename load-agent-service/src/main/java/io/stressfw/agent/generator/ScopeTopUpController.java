package io.stressfw.agent.generator;

import io.stressfw.model.Checks;

/**
 * Host scope of the CPU generator: how many cores this agent should burn so that the whole host sits at the target,
 * given the host's measured utilisation, the agent's own part of it, what its peers on the host say they burn and
 * its share of the host. The load the agents do not generate ("other": the system, other processes, the agents' own
 * JVMs) is fed forward, smoothed, and each agent takes its share of what is missing above it; a slow integral term,
 * also split by share, removes what the feed-forward misses (peers' figures are up to a heartbeat old). The agent's
 * own other generators (memory pages being written, I/O, network) are measured directly and come off its part at once,
 * unsmoothed: when a phase starts, the memory generator can take a whole core writing pages, and smoothing it like
 * foreign load would let the host run over the target (to 100 % on two cores) for the second the smoothing needs.
 * Alone on a host (share 1, no peers) it is the plain top-up. This is the one host mode: the CPU generator's former
 * {@code cpu.mode=host} is host scope with a share of 1.
 */
public final class ScopeTopUpController {
    private static final double OTHER_SMOOTHING = 0.35;
    private static final double INTEGRAL_GAIN = 0.15;
    /** At or above this the host is saturated: it cannot show how far over the target the demand is. */
    private static final double SATURATED_PERCENT = 99.5;
    /** The most a saturated reading's foreign load is scaled up by: the ask a worker can fall short of is bounded. */
    private static final double MAX_CONTENTION = 2;
    /**
     * Within this many points of saturation a single saturated reading is met at once; further below it takes two in a
     * row. See {@link #update(double, double, double, double, double, double)}.
     */
    private static final double PROMPT_MARGIN_PERCENT = 10;
    private final double capacityCores;
    private final double maxOwnCores;
    private double otherCores = Double.NaN;
    private double integralCores;
    private double lastTarget = Double.NaN;
    private double lastAskedCores;
    private double headroomCores;
    private boolean saturatedBefore;

    /**
     * @param capacityCores the scope's cores: what 100 % is
     * @param maxOwnCores   the most this agent can burn (its workers), at most the capacity
     */
    public ScopeTopUpController(double capacityCores, double maxOwnCores) {
        Checks.positive(capacityCores, "scope cores");
        if (maxOwnCores <= 0 || maxOwnCores > capacityCores) {
            throw new IllegalArgumentException("own cores must be in (0, " + Checks.format(capacityCores) + "], was "
                    + Checks.format(maxOwnCores));
        }
        this.capacityCores = capacityCores;
        this.maxOwnCores = maxOwnCores;
    }

    /** Alone in the scope: the whole target is this agent's. */
    public double update(double targetPercent, double busyPercent, double ownCores, double siblingCores) {
        return update(targetPercent, busyPercent, ownCores, siblingCores, 1, 0);
    }

    /**
     * @param targetPercent utilisation of the whole scope wanted, 0-100
     * @param busyPercent   utilisation of the whole scope measured over the last window, 0-100
     * @param ownCores      cores this agent's CPU workers used over that window
     * @param siblingCores  cores this agent's other generators' threads used over that window
     * @param share         this agent's share of the scope, (0, 1]
     * @param peerCores     cores the scope's other agents say they burn
     * @return cores this agent should burn next, in [0, max own cores]
     */
    public double update(double targetPercent, double busyPercent, double ownCores, double siblingCores, double share,
                         double peerCores) {
        Checks.between(targetPercent, 0, 100, "target percent");
        if (Double.isNaN(busyPercent)) {
            throw new IllegalArgumentException("busy percent must be a number");
        }
        Checks.nonNegative(ownCores, "own cores");
        Checks.nonNegative(siblingCores, "sibling generator cores");
        Checks.nonNegative(peerCores, "peer cores");
        if (Double.isNaN(share) || share <= 0 || share > 1) {
            throw new IllegalArgumentException("share must be in (0, 1], was " + share);
        }
        if (targetPercent == 0) {
            saturatedBefore = false;
            integralCores = 0;
            lastTarget = 0;
            lastAskedCores = 0;
            headroomCores = 0;
            return 0;
        }
        if (lastTarget != targetPercent) {
            integralCores = 0;
            lastTarget = targetPercent;
        }
        boolean saturated = busyPercent >= SATURATED_PERCENT && targetPercent < SATURATED_PERCENT;
        // Near the top a saturated reading is met at once: the phase's rule sits a few points above the target there.
        // Further down a single saturated reading is as often a tick the host lost as a burst (on this VM with 9 GB
        // held, about every half second: one sample at 100, then back), and met whole it became a dip, a wound-up
        // integral and the next 100 (HEAVY: the host's 100 ms samples spread by 19 points, 14 when it waits;
        // docs/benchmarks.md). A burst that goes on is met at the second reading, 100 ms later: the seed's rule (95
        // for 500 ms) is 20 points or more above such a target.
        boolean overrun = saturated && (saturatedBefore || targetPercent >= SATURATED_PERCENT - PROMPT_MARGIN_PERCENT);
        saturatedBefore = saturated;
        if (saturated && integralCores > 0) {
            // A saturated host shows at most 100 - target of overshoot, so an integral wound up by a dip (the agent's
            // own GC, a generator that just stopped) unwound at that rate and held the host at 100 % for a second or
            // more at a 95 % target (./stress demo, CRITICAL: runs of 8 samples at 100 %). What it added goes at once.
            integralCores = 0;
        }
        double busyCores = DutyCycleController.clamp(busyPercent, 0, 100) / 100 * capacityCores;
        double other = Math.max(0, busyCores - ownCores - siblingCores - peerCores);
        otherCores = Double.isNaN(otherCores) ? other : otherCores + OTHER_SMOOTHING * (other - otherCores);
        if (overrun) {
            // Foreign load that saturates the host (another tenant, the hypervisor's steal) is met at once, not over
            // the smoothing's second: near the top a phase's rule is a few points above its target (CRITICAL: 95
            // against 99 for 500 ms): a burst of 0.8 of a core during CRITICAL's hold tripped it in 6 of 8 runs, 0 of
            // 8 with this and the generator's 100 ms updates (bench/critical-burst.py). On a saturated host everyone
            // got less than they asked for, the foreign load too, so what it got is scaled by how short this agent's
            // workers fell of their ask.
            double contention = lastAskedCores > ownCores && ownCores > 0
                    ? Math.min(MAX_CONTENTION, lastAskedCores / ownCores) : 1;
            otherCores = Math.max(otherCores, other * contention);
        }
        double wanted = targetPercent / 100 * capacityCores;
        double feedForward = share * (wanted - otherCores) - siblingCores;
        double desired = feedForward + integralCores;
        boolean bounded = desired <= 0 || desired >= maxOwnCores;
        if (!bounded) {
            double bound = 0.25 * capacityCores * share;
            integralCores = DutyCycleController.clamp(integralCores + INTEGRAL_GAIN * share * (wanted - busyCores),
                    -bound, bound);
            desired = feedForward + integralCores;
        }
        lastAskedCores = DutyCycleController.clamp(desired, 0, maxOwnCores);
        headroomCores = desired;
        return lastAskedCores;
    }

    /**
     * What the target left this agent's workers at the last update, in cores, before the bounds of what they can
     * burn: negative when the agent's other generators already take more than the agent's part of the target. One of
     * them may take this much more (or must give this much back) without moving the host.
     */
    public double headroomCores() {
        return headroomCores;
    }

    /** The load the agents do not generate, smoothed, in cores. */
    public double otherCores() {
        return Double.isNaN(otherCores) ? 0 : otherCores;
    }
}
