package io.stressfw.orchestrator.adaptive;

import io.stressfw.plan.AdaptiveProfile;
import io.stressfw.model.Checks;
import io.stressfw.orchestrator.slo.SloState;

/**
 * Climbs a phase's load band while the system keeps up and backs off when it degrades.
 *
 * <p>Each evaluation turns a {@link SystemResponse} into a degradation score in [0, 1], the worst of:
 * the agents' shortfall ((target - achieved) / target: load the hosts could not absorb), host memory pressure
 * above {@value #MEMORY_PRESSURE_FROM}%, the probe's error rate, and the probe's latency growth over the first
 * latency seen (tripled latency = 1). A score at or under {@code stability_threshold} advances, and consecutive
 * stable evaluations advance faster; a score at or over {@code degradation_threshold} backs off by two base steps
 * and halves later advances (the system showed where it breaks); anything between holds.
 *
 * <p>The knee is the highest load at which an evaluation was stable: the question users actually ask. A response
 * with nothing to judge by (no achieved load, no probe) is {@link AdaptiveDecision#NO_DATA}: the load holds and no
 * knee is claimed, so a phase without agents reports "no knee found" rather than the top of its band.
 */
public final class AdaptiveEngine {
    static final double MEMORY_PRESSURE_FROM = 90;
    private static final int MAX_ACCELERATION = 3;

    private final AdaptiveProfile profile;
    private final double minLoad;
    private final double maxLoad;
    private double load;
    private double stepScale = 1;
    private int consecutiveStable;
    private Double baselineLatencyMs;
    private Double knee;

    public AdaptiveEngine(AdaptiveProfile profile, double minLoad, double maxLoad, double startLoad) {
        Checks.notNull(profile, "profile");
        Checks.between(minLoad, 0, 100, "load band min");
        Checks.between(maxLoad, 0, 100, "load band max");
        if (minLoad > maxLoad) {
            throw new IllegalArgumentException("load band must satisfy 0 <= min <= max <= 100, was " + minLoad + "-" + maxLoad);
        }
        if (Double.isNaN(startLoad)) {
            throw new IllegalArgumentException("start load must be a number");
        }
        this.profile = profile;
        this.minLoad = minLoad;
        this.maxLoad = maxLoad;
        this.load = clamp(startLoad);
    }

    public double load() {
        return load;
    }

    /** The highest load held stably so far, or null when no evaluation was stable yet. */
    public Double kneeLoadPercent() {
        return knee;
    }

    /** The base step in load points; acceleration and earlier back-offs scale it. */
    double baseStep() {
        return (maxLoad - minLoad) * profile.adaptationRate() * (0.5 + profile.aggressiveness());
    }

    public static double score(SystemResponse response, Double baselineLatencyMs) {
        double score = 0;
        if (response.achievedPercent() != null && response.targetPercent() > 0) {
            score = Math.max(score, (response.targetPercent() - response.achievedPercent()) / response.targetPercent());
        }
        if (response.memoryUsagePercent() != null) {
            score = Math.max(score, (response.memoryUsagePercent() - MEMORY_PRESSURE_FROM) / (100 - MEMORY_PRESSURE_FROM));
        }
        if (response.probeErrorRate() != null) {
            score = Math.max(score, response.probeErrorRate());
        }
        if (response.probeLatencyMs() != null && baselineLatencyMs != null && baselineLatencyMs > 0) {
            score = Math.max(score, (response.probeLatencyMs() - baselineLatencyMs) / (2 * baselineLatencyMs));
        }
        return Math.max(0, Math.min(1, score));
    }

    public AdaptiveStep evaluate(SystemResponse response) {
        if (response == null) {
            throw new IllegalArgumentException("response is required");
        }
        if (!response.usable()) {
            consecutiveStable = 0;
            return new AdaptiveStep(AdaptiveDecision.NO_DATA, 0, load, load);
        }
        if (baselineLatencyMs == null && response.probeLatencyMs() != null && response.probeLatencyMs() > 0) {
            baselineLatencyMs = response.probeLatencyMs();
        }
        double score = score(response, baselineLatencyMs);
        if (score <= profile.stabilityThreshold()) {
            return advance(score, response.targetPercent());
        }
        if (score >= profile.degradationThreshold()) {
            return backOff(score);
        }
        consecutiveStable = 0;
        return new AdaptiveStep(AdaptiveDecision.HOLD, score, load, load);
    }

    /**
     * An evaluation under a plan's SLO ({@link SloState}, judged by {@code SloKneeFinder}): climb once the SLO held
     * for a whole window at this load, back off when it breaks, hold while the window fills. The probe heuristics
     * step aside (the SLO says what healthy is); the agents' shortfall and host memory can still hold or back off
     * a climb, since load the hosts cannot absorb tells nothing about the service. The SLO's knee is the finder's.
     */
    public AdaptiveStep evaluate(SystemResponse response, SloState slo) {
        if (response == null || slo == null) {
            throw new IllegalArgumentException("response and slo state are required");
        }
        return switch (slo) {
            case NO_DATA -> new AdaptiveStep(AdaptiveDecision.NO_DATA, 0, load, load);
            case BREACHED -> backOff(1);
            case HOLDING -> new AdaptiveStep(AdaptiveDecision.HOLD, 0, load, load);
            case HELD_WINDOW -> {
                double score = score(new SystemResponse(response.targetPercent(), response.achievedPercent(),
                        response.memoryUsagePercent(), null, null), null);
                if (score >= profile.degradationThreshold()) {
                    yield backOff(score);
                }
                yield score <= profile.stabilityThreshold() ? advance(score, response.targetPercent())
                        : new AdaptiveStep(AdaptiveDecision.HOLD, score, load, load);
            }
        };
    }

    private AdaptiveStep advance(double score, double targetPercent) {
        double previous = load;
        consecutiveStable++;
        knee = knee == null ? targetPercent : Math.max(knee, targetPercent);
        double acceleration = 1 + 0.5 * Math.min(consecutiveStable - 1, MAX_ACCELERATION);
        load = clamp(load + baseStep() * stepScale * acceleration);
        return new AdaptiveStep(AdaptiveDecision.ADVANCE, score, previous, load);
    }

    private AdaptiveStep backOff(double score) {
        double previous = load;
        consecutiveStable = 0;
        load = clamp(load - 2 * baseStep());
        stepScale = Math.max(0.125, stepScale / 2);
        return new AdaptiveStep(AdaptiveDecision.BACK_OFF, score, previous, load);
    }

    private double clamp(double value) {
        return Math.max(minLoad, Math.min(maxLoad, value));
    }
}
