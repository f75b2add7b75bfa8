package io.stressfw.safety;

import io.stressfw.model.CycleEndedDetails;
import io.stressfw.model.CycleStartedDetails;
import io.stressfw.model.HoldStartedDetails;
import io.stressfw.model.LoadAdjustedDetails;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEndedDetails;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.PhaseEventDetails;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.PhaseStartedDetails;
import io.stressfw.model.RampDownStartedDetails;
import io.stressfw.model.RampingStrategy;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.ThresholdSpec;
import io.stressfw.model.Versioned;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Phase events for tests, with the plainest typed details their type allows. */
public final class PhaseEventFixtures {
    private PhaseEventFixtures() {
    }

    public static PhaseEvent event(PhaseEventType type, String cycleId, Phase phase, long atMs) {
        PhaseEventDetails details = switch (type) {
            case CYCLE_STARTED -> new CycleStartedDetails(List.of(), 0);
            case PHASE_STARTED -> started(Map.of());
            case HOLD_STARTED -> new HoldStartedDetails();
            case RAMP_DOWN_STARTED -> new RampDownStartedDetails(0);
            case PHASE_COMPLETED, PHASE_ABORTED -> new PhaseEndedDetails(null, null, false);
            case LOAD_ADJUSTED -> LoadAdjustedDetails.byOperator(0);
            case CYCLE_COMPLETED, CYCLE_ABORTED -> new CycleEndedDetails(null, false, false, null);
        };
        return new PhaseEvent(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(), atMs, cycleId, type, phase, null,
                null, details);
    }

    /** A {@code phase_started} event carrying {@code safetyThresholds} in the seed's flat form (metric -> limit). */
    public static PhaseEvent phaseStarted(String cycleId, Phase phase, Map<String, Double> safetyThresholds, long atMs) {
        Map<String, ThresholdSpec> specs = new LinkedHashMap<>();
        safetyThresholds.forEach((metric, limit) -> specs.put(metric, ThresholdSpec.above(limit)));
        return phaseStartedWith(cycleId, phase, specs, atMs);
    }

    /** A {@code phase_started} event carrying {@code safetyThresholds} as threshold objects. */
    public static PhaseEvent phaseStartedWith(String cycleId, Phase phase, Map<String, ThresholdSpec> safetyThresholds,
                                              long atMs) {
        return new PhaseEvent(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(), atMs, cycleId,
                PhaseEventType.PHASE_STARTED, phase, null, null, started(safetyThresholds));
    }

    private static PhaseStartedDetails started(Map<String, ThresholdSpec> safetyThresholds) {
        return new PhaseStartedDetails(safetyThresholds, 0, 0, 0, 0, 0, 100, ResourceWeights.CPU_ONLY,
                RampingStrategy.LINEAR, false, 0, 1);
    }
}
