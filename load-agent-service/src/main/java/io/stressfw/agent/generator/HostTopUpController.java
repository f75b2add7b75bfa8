package io.stressfw.agent.generator;

import io.stressfw.model.Checks;

/**
 * Host mode of the CPU generator: how many cores the generator should burn so that the whole host sits at the
 * target, given the host's measured utilisation and the generator's own share of it. Feed-forward on the other
 * load (smoothed) plus a slow integral term that removes what the feed-forward misses. The agent's other generators
 * (memory pages being written, I/O, network) are measured directly and subtracted at once, unsmoothed: when a phase
 * starts, the memory generator can take a whole core writing pages, and smoothing it like foreign load would let the
 * host run over the target (to 100 % on two cores) for the second the smoothing needs.
 */
public final class HostTopUpController {
    private static final double OTHER_SMOOTHING = 0.35;
    private static final double INTEGRAL_GAIN = 0.15;
    private final int hostCores;
    private final double maxOwnCores;
    private double otherCores = Double.NaN;
    private double integralCores;
    private double lastTarget = Double.NaN;

    public HostTopUpController(int hostCores, double maxOwnCores) {
        Checks.positive(hostCores, "host cores");
        if (maxOwnCores <= 0 || maxOwnCores > hostCores) {
            throw new IllegalArgumentException("own cores must be in (0, " + hostCores + "], was " + maxOwnCores);
        }
        this.hostCores = hostCores;
        this.maxOwnCores = maxOwnCores;
    }

    /**
     * @param targetPercent   whole-host utilisation wanted, 0-100
     * @param hostBusyPercent whole-host utilisation measured over the last window, 0-100
     * @param ownCores        cores the generator itself used over that window
     * @param siblingCores    cores the agent's other generators' threads used over that window
     * @return cores the generator should use next, in [0, max own cores]
     */
    public double update(double targetPercent, double hostBusyPercent, double ownCores, double siblingCores) {
        Checks.between(targetPercent, 0, 100, "target percent");
        if (Double.isNaN(hostBusyPercent)) {
            throw new IllegalArgumentException("host busy percent must be a number");
        }
        Checks.nonNegative(ownCores, "own cores");
        Checks.nonNegative(siblingCores, "sibling generator cores");
        if (targetPercent == 0) {
            integralCores = 0;
            lastTarget = 0;
            return 0;
        }
        if (lastTarget != targetPercent) {
            integralCores = 0;
            lastTarget = targetPercent;
        }
        double hostBusyCores = DutyCycleController.clamp(hostBusyPercent, 0, 100) / 100 * hostCores;
        double other = Math.max(0, hostBusyCores - ownCores - siblingCores);
        otherCores = Double.isNaN(otherCores) ? other : otherCores + OTHER_SMOOTHING * (other - otherCores);
        double wanted = targetPercent / 100 * hostCores;
        double feedForward = wanted - otherCores - siblingCores;
        double desired = feedForward + integralCores;
        boolean saturated = desired <= 0 || desired >= maxOwnCores;
        if (!saturated) {
            integralCores = DutyCycleController.clamp(integralCores + INTEGRAL_GAIN * (wanted - hostBusyCores),
                    -0.25 * hostCores, 0.25 * hostCores);
            desired = feedForward + integralCores;
        }
        return DutyCycleController.clamp(desired, 0, maxOwnCores);
    }

    public double otherCores() {
        return Double.isNaN(otherCores) ? 0 : otherCores;
    }
}
