package io.stressfw.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** How much of the phase load each generator takes: each weight in [0, 1]; the generator's target is load x weight. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResourceWeights(double cpu, double memory, double io, double network) implements PerResource {
    public static final ResourceWeights CPU_ONLY = new ResourceWeights(1, 0, 0, 0);

    public ResourceWeights {
        Checks.between(cpu, 0, 1, "weights.cpu");
        Checks.between(memory, 0, 1, "weights.memory");
        Checks.between(io, 0, 1, "weights.io");
        Checks.between(network, 0, 1, "weights.network");
    }
}
