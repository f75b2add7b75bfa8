package io.stressfw.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Map;

/**
 * One sample on {@link Topics#SAMPLES}, keyed by {@code source_id}. A host sample fills {@code metrics} (names in
 * {@link MetricNames}; a metric the host cannot give is null, never a made-up 0). An agent sample fills
 * {@code generators} (keyed by {@link ResourceKind#wireName()}) and may carry its own process metrics.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetricSample(
        int version,
        String sourceId,
        SourceKind sourceKind,
        String host,
        long timestampMs,
        String cycleId,
        Phase phase,
        Map<String, Double> metrics,
        Map<String, GeneratorReading> generators) implements Versioned {

    public MetricSample {
        Checks.notBlank(sourceId, "source_id");
        Checks.notNull(sourceKind, "source_kind");
        Checks.notBlank(host, "host");
        if (timestampMs <= 0) {
            throw new IllegalArgumentException("timestamp_ms must be > 0");
        }
        metrics = Checks.copyOf(metrics);
        generators = generators == null ? Map.of() : Map.copyOf(generators);
    }

    /** The metric's value, or null when absent or unavailable on this source. */
    public Double metric(String name) {
        return metrics.get(name);
    }
}
