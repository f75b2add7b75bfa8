package io.stressfw.metrics.aggregation;

import io.stressfw.model.CycleEndedDetails;
import io.stressfw.model.CycleStartedDetails;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.HoldStartedDetails;
import io.stressfw.model.LoadAdjustedDetails;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEndedDetails;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.PhaseEventDetails;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.PhaseStartedDetails;
import io.stressfw.model.RampDownStartedDetails;
import io.stressfw.model.RampingStrategy;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Versioned;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders of wire records for tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** An event with the plainest details its type allows (a phase started this way has no planned durations). */
    public static PhaseEvent event(String cycle, PhaseEventType type, Phase phase, long at) {
        return event(cycle, type, phase, at, null);
    }

    public static PhaseEvent event(String cycle, PhaseEventType type, Phase phase, long at, Double target) {
        PhaseEventDetails details = switch (type) {
            case CYCLE_STARTED -> new CycleStartedDetails(List.of(), 0);
            case PHASE_STARTED -> started(target, 0, 0, 0);
            case HOLD_STARTED -> new HoldStartedDetails();
            case RAMP_DOWN_STARTED -> new RampDownStartedDetails(target == null ? 0 : target);
            case PHASE_COMPLETED, PHASE_ABORTED -> new PhaseEndedDetails(target, null, false);
            case LOAD_ADJUSTED -> LoadAdjustedDetails.byOperator(0);
            case CYCLE_COMPLETED, CYCLE_ABORTED -> new CycleEndedDetails(null, false, false, null);
        };
        return new PhaseEvent(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(), at, cycle, type, phase, target,
                null, details);
    }

    /** A phase_started event with its planned ramp-up, hold and ramp-down, in seconds. */
    public static PhaseEvent phaseStarted(String cycle, Phase phase, long at, double target, double rampUpSeconds,
                                          double holdSeconds, double rampDownSeconds) {
        return new PhaseEvent(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(), at, cycle,
                PhaseEventType.PHASE_STARTED, phase, target, null, started(target, rampUpSeconds, holdSeconds, rampDownSeconds));
    }

    private static PhaseStartedDetails started(Double target, double rampUp, double hold, double rampDown) {
        double t = target == null ? 0 : target;
        return new PhaseStartedDetails(Map.of(), hold, rampUp, rampDown, t, 0, 100, ResourceWeights.CPU_ONLY,
                RampingStrategy.LINEAR, false, 0, 1);
    }

    public static MetricSample host(String host, long at, double cpu) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("cpu_usage", cpu);
        metrics.put("temperature", null);
        return new MetricSample(Versioned.SCHEMA_VERSION, host, SourceKind.HOST, host, at, null, null, metrics, Map.of());
    }

    public static MetricSample agent(String agent, long at, String cycle, Phase phase, double target, double achieved) {
        return new MetricSample(Versioned.SCHEMA_VERSION, agent, SourceKind.AGENT, "node-a", at, cycle, phase, Map.of(),
                Map.of("cpu", new GeneratorReading(target, achieved, null, "cores")));
    }
}
