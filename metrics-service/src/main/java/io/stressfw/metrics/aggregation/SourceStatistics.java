package io.stressfw.metrics.aggregation;

import io.stressfw.model.Checks;
import io.stressfw.model.SourceKind;

import java.util.LinkedHashMap;
import java.util.Map;

/** Per-metric statistics of one sample source within a phase run. Not thread-safe. */
public final class SourceStatistics {
    private final SourceKind kind;
    private final String host;
    private final Map<String, MetricStatistics> metrics;

    public SourceStatistics(SourceKind kind, String host) {
        this(kind, host, new LinkedHashMap<>());
    }

    private SourceStatistics(SourceKind kind, String host, Map<String, MetricStatistics> metrics) {
        this.kind = Checks.notNull(kind, "source kind");
        this.host = host;
        this.metrics = metrics;
    }

    public void add(Map<String, Double> values) {
        values.forEach((name, value) -> metrics.computeIfAbsent(name, n -> new MetricStatistics()).add(value));
    }

    public SourceKind kind() {
        return kind;
    }

    public String host() {
        return host;
    }

    public Map<String, MetricStatistics> metrics() {
        return metrics;
    }

    public State state() {
        Map<String, MetricStatistics.State> states = new LinkedHashMap<>();
        metrics.forEach((k, v) -> states.put(k, v.state()));
        return new State(kind, host, states);
    }

    public static SourceStatistics fromState(State state) {
        Map<String, MetricStatistics> metrics = new LinkedHashMap<>();
        state.metrics().forEach((k, v) -> metrics.put(k, MetricStatistics.fromState(v)));
        return new SourceStatistics(state.kind(), state.host(), metrics);
    }

    public record State(SourceKind kind, String host, Map<String, MetricStatistics.State> metrics) {
    }
}
