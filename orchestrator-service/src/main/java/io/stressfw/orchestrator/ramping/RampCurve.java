package io.stressfw.orchestrator.ramping;

import io.stressfw.model.Checks;
import io.stressfw.model.RampingStrategy;

/**
 * The load on a ramp between two loads at a given fraction of the ramp time. {@code adaptive} is driven by the
 * adaptive engine while it climbs; where a plain curve is needed (a ramp-down) it behaves like {@code linear}.
 */
public final class RampCurve {
    /** Exponential curvature: the load reaches ~5% of the distance at half time, then accelerates. */
    static final double EXPONENTIAL_RATE = 4.0;
    /** Number of equal plateaus of the step curve. */
    public static final int DEFAULT_STEPS = 4;

    private RampCurve() {
    }

    public static double load(RampingStrategy strategy, double from, double to, double fraction) {
        return load(strategy, from, to, fraction, DEFAULT_STEPS);
    }

    public static double load(RampingStrategy strategy, double from, double to, double fraction, int steps) {
        if (strategy == null) {
            throw new IllegalArgumentException("strategy is required");
        }
        Checks.between(from, 0, 100, "from");
        Checks.between(to, 0, 100, "to");
        if (Double.isNaN(fraction)) {
            throw new IllegalArgumentException("fraction must be a number");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, was " + steps);
        }
        double f = Math.max(0, Math.min(1, fraction));
        double shaped = switch (strategy) {
            case LINEAR, ADAPTIVE -> f;
            case EXPONENTIAL -> (Math.exp(EXPONENTIAL_RATE * f) - 1) / (Math.exp(EXPONENTIAL_RATE) - 1);
            case STEP -> f >= 1 ? 1 : Math.floor(f * steps) / steps;
        };
        double load = from + (to - from) * shaped;
        return Math.max(0, Math.min(100, load));
    }
}
