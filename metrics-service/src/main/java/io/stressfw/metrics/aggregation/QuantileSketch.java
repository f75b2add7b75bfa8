package io.stressfw.metrics.aggregation;

import io.stressfw.model.Checks;

import java.util.Arrays;
import java.util.Map;

/**
 * Percentiles of a stream of values in bounded memory. Up to {@code exactLimit} values are kept and quantiles are
 * exact (nearest rank: the value at rank {@code ceil(q * n)}). Beyond that the values move into logarithmic buckets
 * (the DDSketch scheme): a positive or negative value {@code v} lands in bucket {@code ceil(log_gamma(|v|))} with
 * {@code gamma = (1 + a) / (1 - a)}, and a quantile answers the bucket's midpoint, which is within the relative
 * accuracy {@code a} of the true nearest-rank value. Values closer to 0 than {@link #ZERO_THRESHOLD} count as 0.
 * The first and last ranks answer the exact min and max, and every quantile is clamped to them. Not thread-safe.
 */
public final class QuantileSketch {
    public static final double DEFAULT_RELATIVE_ACCURACY = 0.005;
    public static final int DEFAULT_EXACT_LIMIT = 1024;
    static final double ZERO_THRESHOLD = 1e-9;

    private final double relativeAccuracy;
    private final int exactLimit;
    private final double logGamma;
    private double[] exact;
    private int exactCount;
    private boolean sorted = true;
    private DenseBuckets positive = new DenseBuckets();
    private DenseBuckets negative = new DenseBuckets();
    private long zeros;
    private long count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public QuantileSketch() {
        this(DEFAULT_RELATIVE_ACCURACY, DEFAULT_EXACT_LIMIT);
    }

    public QuantileSketch(double relativeAccuracy, int exactLimit) {
        if (Double.isNaN(relativeAccuracy) || relativeAccuracy <= 0 || relativeAccuracy >= 0.5) {
            throw new IllegalArgumentException("relative accuracy must be in (0, 0.5), was " + relativeAccuracy);
        }
        Checks.nonNegative(exactLimit, "exact limit");
        this.relativeAccuracy = relativeAccuracy;
        this.exactLimit = exactLimit;
        this.logGamma = Math.log((1 + relativeAccuracy) / (1 - relativeAccuracy));
        this.exact = exactLimit == 0 ? null : new double[Math.min(exactLimit, 64)];
    }

    public void add(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, was " + value);
        }
        count++;
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (exact != null) {
            if (exactCount < exactLimit) {
                if (exactCount == exact.length) {
                    exact = Arrays.copyOf(exact, Math.min(exactLimit, exact.length * 2));
                }
                exact[exactCount++] = value;
                sorted = false;
                return;
            }
            for (int i = 0; i < exactCount; i++) {
                addToBuckets(exact[i]);
            }
            exact = null;
            exactCount = 0;
        }
        addToBuckets(value);
    }

    public long count() {
        return count;
    }

    /** True while every value is still kept, so that quantiles are exact. */
    public boolean isExact() {
        return exact != null || count == 0;
    }

    public double relativeAccuracy() {
        return relativeAccuracy;
    }

    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    /** The nearest-rank q-quantile (q in [0, 1]); NaN when empty. */
    public double quantile(double q) {
        Checks.between(q, 0, 1, "quantile");
        if (count == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        if (exact != null) {
            if (!sorted) {
                Arrays.sort(exact, 0, exactCount);
                sorted = true;
            }
            return exact[(int) rank - 1];
        }
        if (rank == 1) {
            return min;
        }
        if (rank == count) {
            return max;
        }
        // Negative values, most negative first: their magnitudes' buckets from the highest index down.
        if (rank <= negative.total()) {
            return clamp(-bucketValue(negative.indexAtRank(rank, true)));
        }
        rank -= negative.total();
        if (rank <= zeros) {
            return clamp(0);
        }
        rank -= zeros;
        if (rank <= positive.total()) {
            return clamp(bucketValue(positive.indexAtRank(rank, false)));
        }
        return max;
    }

    private void addToBuckets(double value) {
        double magnitude = Math.abs(value);
        if (magnitude < ZERO_THRESHOLD) {
            zeros++;
        } else {
            int index = (int) Math.ceil(Math.log(magnitude) / logGamma);
            (value > 0 ? positive : negative).add(index);
        }
    }

    private double bucketValue(int index) {
        // The midpoint (in relative terms) of (gamma^(i-1), gamma^i]: at most relativeAccuracy away from any value in it.
        double gamma = Math.exp(logGamma);
        return 2 * Math.pow(gamma, index) / (gamma + 1);
    }

    private double clamp(double value) {
        return Math.max(min, Math.min(max, value));
    }

    /** A copy of the state for persistence. */
    public State state() {
        double[] kept = exact == null ? null : Arrays.copyOf(exact, exactCount);
        return new State(relativeAccuracy, exactLimit, count, count == 0 ? null : min, count == 0 ? null : max, kept,
                zeros, positive.toMap(), negative.toMap());
    }

    public static QuantileSketch fromState(State state) {
        QuantileSketch sketch = new QuantileSketch(state.relativeAccuracy(), state.exactLimit());
        sketch.count = state.count();
        if (state.count() > 0) {
            if (state.min() == null || state.max() == null) {
                throw new IllegalArgumentException("a non-empty sketch state needs min and max");
            }
            sketch.min = state.min();
            sketch.max = state.max();
        }
        if (state.exact() != null) {
            if (state.exact().length != state.count() || state.count() > state.exactLimit()) {
                throw new IllegalArgumentException("exact values do not match the count");
            }
            sketch.exact = Arrays.copyOf(state.exact(), Math.max(state.exact().length, Math.min(state.exactLimit(), 64)));
            sketch.exactCount = state.exact().length;
            sketch.sorted = false;
        } else {
            sketch.exact = null;
            sketch.zeros = state.zeros();
            sketch.positive = DenseBuckets.fromMap(state.positive());
            sketch.negative = DenseBuckets.fromMap(state.negative());
        }
        return sketch;
    }

    public record State(double relativeAccuracy, int exactLimit, long count, Double min, Double max, double[] exact,
                        long zeros, Map<Integer, Long> positive, Map<Integer, Long> negative) {
    }
}
