package io.stressfw.orchestrator.cycle;

import io.stressfw.model.Checks;
import io.stressfw.model.PerResource;

/**
 * How far a resource's achieved load may stay from its target during the hold, in load points, before the phase is
 * {@code under_target}: CPU 5 (the generator holds a host within about 2 points; 5 leaves room for a busy host), memory
 * 5 (a chunk is 10 MB), disk I/O and network 10 (paced by the operation or the 16 KiB write: at small rates one
 * operation more or less per second is several points).
 */
public record ResourceTolerances(double cpu, double memory, double io, double network) implements PerResource {
    public static final ResourceTolerances DEFAULT = new ResourceTolerances(5, 5, 10, 10);

    public ResourceTolerances {
        Checks.between(cpu, 0, 100, "stress.cycle.tolerance.cpu");
        Checks.between(memory, 0, 100, "stress.cycle.tolerance.memory");
        Checks.between(io, 0, 100, "stress.cycle.tolerance.io");
        Checks.between(network, 0, 100, "stress.cycle.tolerance.network");
    }
}
