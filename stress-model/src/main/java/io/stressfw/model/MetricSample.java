package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Map;

/**
 * One sample on {@link Topics#SAMPLES}, keyed by {@code source_id}. A host sample fills {@code metrics} (names in
 * {@link MetricNames}; a metric the host cannot give is null, never a made-up 0). An agent sample fills
 * {@code generators} (keyed by {@link ResourceKind#wireName()}) and may carry its own process metrics.
 * {@code leaving: true} (absent otherwise) marks a source's last sample when it stops in order, an agent shutting down
 * after it released its load: no sample follows, and consumers stop expecting one (safety does not call it stale).
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
        Map<String, GeneratorReading> generators,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean leaving) implements Versioned {

    /** A sample of a source that goes on sampling. */
    public MetricSample(int version, String sourceId, SourceKind sourceKind, String host, long timestampMs, String cycleId,
                        Phase phase, Map<String, Double> metrics, Map<String, GeneratorReading> generators) {
        this(version, sourceId, sourceKind, host, timestampMs, cycleId, phase, metrics, generators, null);
    }

    public MetricSample {
        Checks.notBlank(sourceId, "source_id");
        Checks.notNull(sourceKind, "source_kind");
        Checks.notBlank(host, "host");
        if (timestampMs <= 0) {
            throw new IllegalArgumentException("timestamp_ms must be > 0");
        }
        metrics = Checks.copyOf(metrics);
        generators = generators == null ? Map.of() : Map.copyOf(generators);
        leaving = Boolean.TRUE.equals(leaving) ? Boolean.TRUE : null;
    }

    /** This source's last sample: it stopped in order and sends no more (not a bean getter: the wire has {@code leaving}). */
    public boolean lastOfSource() {
        return Boolean.TRUE.equals(leaving);
    }

    /** The same sample marked as the source's last. */
    public MetricSample asLeaving() {
        return new MetricSample(version, sourceId, sourceKind, host, timestampMs, cycleId, phase, metrics, generators, true);
    }

    /** The metric's value, or null when absent or unavailable on this source. */
    public Double metric(String name) {
        return metrics.get(name);
    }
}
