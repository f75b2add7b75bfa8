package io.stressfw.metrics.aggregation;

import io.stressfw.model.Phase;

/** The cycle and phase under way as far as the phase events told; all null when no cycle runs. */
public record CurrentPhase(String cycleId, Phase phase, String stage, Double targetLoadPercent) {
    public static final CurrentPhase NONE = new CurrentPhase(null, null, null, null);
}
