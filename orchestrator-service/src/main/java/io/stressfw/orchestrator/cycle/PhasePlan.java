package io.stressfw.orchestrator.cycle;

import io.stressfw.model.Phase;
import io.stressfw.plan.PhaseSpec;

/** One phase of a cycle's plan: which phase and how the cycles file (or a quick test) defines it. */
public record PhasePlan(Phase phase, PhaseSpec spec) {
    public PhasePlan {
        if (phase == null || spec == null) {
            throw new IllegalArgumentException("phase and spec are required");
        }
    }
}
