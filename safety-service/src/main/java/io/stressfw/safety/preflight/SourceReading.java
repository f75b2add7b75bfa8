package io.stressfw.safety.preflight;

import io.stressfw.model.SourceKind;

import java.util.List;
import java.util.Map;

/**
 * What pre-flight knows of one source: who it is, when it was last heard, the metrics of its latest sample, and its
 * recent samples oldest first (hosts only; the latest is the last), so that a rule is judged over its own window,
 * as the engine would judge it, and not on one sample.
 */
public record SourceReading(String sourceId, SourceKind kind, String host, long lastHeardMs, Map<String, Double> metrics,
                            List<Sample> recent) {

    /** One sample as it arrived: the arrival time on safety's clock and its metrics. */
    public record Sample(long atMs, Map<String, Double> metrics) {
    }

    public SourceReading {
        recent = recent == null || recent.isEmpty() ? List.of(new Sample(lastHeardMs, metrics)) : List.copyOf(recent);
    }

    /** A source known only by its latest sample. */
    public SourceReading(String sourceId, SourceKind kind, String host, long lastHeardMs, Map<String, Double> metrics) {
        this(sourceId, kind, host, lastHeardMs, metrics, List.of());
    }
}
