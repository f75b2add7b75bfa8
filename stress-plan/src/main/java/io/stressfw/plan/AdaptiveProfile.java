package io.stressfw.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.stressfw.model.Checks;

/**
 * The seed's adaptive profile. {@code aggressiveness} (0-1) scales how fast load advances while stable;
 * {@code stability_threshold} and {@code degradation_threshold} (0-1, stability below degradation) are the
 * degradation scores under which the system counts as stable, and from which it counts as degraded;
 * {@code adaptation_rate} (0-1) is the base step as a share of the phase's load band.
 */
public record AdaptiveProfile(double aggressiveness, double stabilityThreshold, double degradationThreshold,
                              double adaptationRate) {
    public static final AdaptiveProfile DEFAULT = new AdaptiveProfile(0.5, 0.1, 0.3, 0.1);

    @JsonCreator
    public AdaptiveProfile(@JsonProperty(value = "aggressiveness", required = true) double aggressiveness,
                           @JsonProperty(value = "stability_threshold", required = true) double stabilityThreshold,
                           @JsonProperty(value = "degradation_threshold", required = true) double degradationThreshold,
                           @JsonProperty(value = "adaptation_rate", required = true) double adaptationRate) {
        Checks.between(aggressiveness, 0, 1, "aggressiveness");
        Checks.between(stabilityThreshold, 0, 1, "stability_threshold");
        Checks.between(degradationThreshold, 0, 1, "degradation_threshold");
        Checks.between(adaptationRate, 0, 1, "adaptation_rate");
        Checks.positive(adaptationRate, "adaptation_rate");
        if (stabilityThreshold >= degradationThreshold) {
            throw new IllegalArgumentException("stability_threshold (" + stabilityThreshold
                    + ") must be below degradation_threshold (" + degradationThreshold + ")");
        }
        this.aggressiveness = aggressiveness;
        this.stabilityThreshold = stabilityThreshold;
        this.degradationThreshold = degradationThreshold;
        this.adaptationRate = adaptationRate;
    }
}
