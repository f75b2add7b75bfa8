package io.stressfw.metrics.aggregation;

import io.stressfw.model.GeneratorReading;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Versioned;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Builders of wire records for tests. */
public final class Fixtures {
    private Fixtures() {
    }

    public static PhaseEvent event(String cycle, PhaseEventType type, Phase phase, long at) {
        return event(cycle, type, phase, at, null, Map.of());
    }

    public static PhaseEvent event(String cycle, PhaseEventType type, Phase phase, long at, Double target,
                                   Map<String, Object> details) {
        return new PhaseEvent(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(), at, cycle, type, phase, target,
                null, details);
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
