package io.stressfw.metrics.aggregation;

/** Running min / mean / percentiles / max of one metric. Not thread-safe. */
public final class MetricStatistics {
    private final QuantileSketch sketch;
    private double sum;
    private long missing;

    public MetricStatistics() {
        this(new QuantileSketch());
    }

    private MetricStatistics(QuantileSketch sketch) {
        this.sketch = sketch;
    }

    /** Adds a value; null means the source could not measure it and is only counted as missing. */
    public void add(Double value) {
        if (value == null || !Double.isFinite(value)) {
            missing++;
            return;
        }
        sketch.add(value);
        sum += value;
    }

    public long count() {
        return sketch.count();
    }

    public Double mean() {
        return sketch.count() == 0 ? null : sum / sketch.count();
    }

    public StatsSummary summary() {
        long n = sketch.count();
        if (n == 0) {
            return new StatsSummary(0, missing, null, null, null, null, null, null, true, 0);
        }
        boolean exact = sketch.isExact();
        return new StatsSummary(n, missing, sketch.min(), sum / n, sketch.quantile(0.50), sketch.quantile(0.95),
                sketch.quantile(0.99), sketch.max(), exact, exact ? 0 : sketch.relativeAccuracy());
    }

    public State state() {
        return new State(sum, missing, sketch.state());
    }

    public static MetricStatistics fromState(State state) {
        MetricStatistics stats = new MetricStatistics(QuantileSketch.fromState(state.sketch()));
        stats.sum = state.sum();
        stats.missing = state.missing();
        return stats;
    }

    public record State(double sum, long missing, QuantileSketch.State sketch) {
    }
}
