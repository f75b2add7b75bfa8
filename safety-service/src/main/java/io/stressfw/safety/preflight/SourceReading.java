package io.stressfw.safety.preflight;

import io.stressfw.model.SourceKind;

import java.util.Map;

/** What pre-flight knows of one source: who it is, when it was last heard, and the metrics of its latest sample. */
public record SourceReading(String sourceId, SourceKind kind, String host, long lastHeardMs, Map<String, Double> metrics) {
}
