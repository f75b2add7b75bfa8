package io.stressfw.orchestrator.cycle;

import io.stressfw.model.Phase;
import io.stressfw.model.ResourceWeights;

/** The engine's state at one instant, as /status and the dashboard show it. */
public record EngineSnapshot(
        String cycleId,
        CycleState state,
        Phase phase,
        int phaseIndex,
        Stage stage,
        double currentLoadPercent,
        double targetLoadPercent,
        ResourceWeights weights,
        double phaseProgress,
        double phaseElapsedSeconds,
        double phaseRemainingSeconds,
        Double kneeLoadPercent) {
}
