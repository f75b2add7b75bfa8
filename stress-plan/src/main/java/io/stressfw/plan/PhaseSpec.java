package io.stressfw.plan;

import io.stressfw.model.Checks;
import io.stressfw.model.RampingStrategy;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.ThresholdSpec;
import io.stressfw.model.ThresholdSpecParser;

import java.util.Map;
import java.util.Objects;

/**
 * One phase of {@code stress_cycles.yaml}. The phase runs at {@code target_load} when given, else at
 * {@code max_load}; an adaptive phase climbs from {@code min_load} towards {@code max_load}. Built with
 * {@link #builder()}: each setter checks its value at once, naming the YAML field, and {@link Builder#build()}
 * checks what needs several fields.
 */
public final class PhaseSpec {
    /** A phase's hold or ramp may last at most a week: a bigger number is a typo (milliseconds for seconds). */
    public static final double MAX_SECONDS = 604_800;

    private final String name;
    private final double minLoad;
    private final double maxLoad;
    private final Double targetLoad;
    private final double durationSeconds;
    private final double rampUpSeconds;
    private final double rampDownSeconds;
    private final ResourceWeights weights;
    private final Map<String, ThresholdSpec> safetyThresholds;
    private final boolean adaptiveEnabled;
    private final RampingStrategy rampingStrategy;

    private PhaseSpec(Builder b) {
        this.name = b.name;
        this.minLoad = b.minLoad;
        this.maxLoad = b.maxLoad;
        this.targetLoad = b.targetLoad;
        this.durationSeconds = b.durationSeconds;
        this.rampUpSeconds = b.rampUpSeconds;
        this.rampDownSeconds = b.rampDownSeconds;
        this.weights = new ResourceWeights(b.cpuWeight, b.memoryWeight, b.ioWeight, b.networkWeight);
        this.safetyThresholds = b.safetyThresholds;
        this.adaptiveEnabled = b.adaptiveEnabled;
        this.rampingStrategy = b.rampingStrategy;
    }

    /**
     * A builder with the YAML's defaults: no target (the phase runs at {@code max_load}), no ramps, no weights but
     * the ones set, no thresholds, not adaptive, linear. {@code max_load} and {@code duration_seconds} must be set.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The display name the plan gives (the seed's {@code name: "Light Load"}), or null. */
    public String name() {
        return name;
    }

    public double minLoad() {
        return minLoad;
    }

    public double maxLoad() {
        return maxLoad;
    }

    /** The target the file gives, or null: then the phase runs at {@code max_load} ({@link #effectiveTarget()}). */
    public Double targetLoad() {
        return targetLoad;
    }

    public double durationSeconds() {
        return durationSeconds;
    }

    public double rampUpSeconds() {
        return rampUpSeconds;
    }

    public double rampDownSeconds() {
        return rampDownSeconds;
    }

    public double cpuWeight() {
        return weights.cpu();
    }

    public double memoryWeight() {
        return weights.memory();
    }

    public double ioWeight() {
        return weights.io();
    }

    public double networkWeight() {
        return weights.network();
    }

    public ResourceWeights weights() {
        return weights;
    }

    /** Metric name to threshold, in file order; unmodifiable. */
    public Map<String, ThresholdSpec> safetyThresholds() {
        return safetyThresholds;
    }

    public boolean adaptiveEnabled() {
        return adaptiveEnabled;
    }

    public RampingStrategy rampingStrategy() {
        return rampingStrategy;
    }

    public double effectiveTarget() {
        return targetLoad != null ? targetLoad : maxLoad;
    }

    public boolean adaptive() {
        return adaptiveEnabled || rampingStrategy == RampingStrategy.ADAPTIVE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhaseSpec other
                && minLoad == other.minLoad && maxLoad == other.maxLoad && Objects.equals(targetLoad, other.targetLoad)
                && durationSeconds == other.durationSeconds && rampUpSeconds == other.rampUpSeconds
                && rampDownSeconds == other.rampDownSeconds && weights.equals(other.weights)
                && safetyThresholds.equals(other.safetyThresholds) && adaptiveEnabled == other.adaptiveEnabled
                && rampingStrategy == other.rampingStrategy;
    }

    @Override
    public int hashCode() {
        return Objects.hash(minLoad, maxLoad, targetLoad, durationSeconds, rampUpSeconds, rampDownSeconds, weights,
                safetyThresholds, adaptiveEnabled, rampingStrategy);
    }

    @Override
    public String toString() {
        return "PhaseSpec[load " + Checks.format(minLoad) + "-" + Checks.format(maxLoad)
                + (targetLoad == null ? "" : " target " + Checks.format(targetLoad))
                + ", " + Checks.format(durationSeconds) + " s, ramps " + Checks.format(rampUpSeconds) + "/"
                + Checks.format(rampDownSeconds) + " s, " + weights + ", thresholds " + safetyThresholds
                + (adaptive() ? ", adaptive" : "") + ", " + rampingStrategy.wireName() + "]";
    }

    /** Collects a phase's fields; every setter refuses a bad value at once, naming the YAML field. */
    public static final class Builder {
        private String name;
        private double minLoad;
        private Double maxLoad;
        private Double targetLoad;
        private Double durationSeconds;
        private double rampUpSeconds;
        private double rampDownSeconds;
        private double cpuWeight;
        private double memoryWeight;
        private double ioWeight;
        private double networkWeight;
        private Map<String, ThresholdSpec> safetyThresholds = Map.of();
        private boolean adaptiveEnabled;
        private RampingStrategy rampingStrategy = RampingStrategy.LINEAR;

        private Builder() {
        }

        /** The display name (free text, at most 200 characters); null for none. */
        public Builder name(String value) {
            if (value != null && value.length() > 200) {
                throw new IllegalArgumentException("name must be at most 200 characters, was " + value.length());
            }
            this.name = value;
            return this;
        }

        public Builder minLoad(double value) {
            this.minLoad = Checks.between(value, 0, 100, "min_load");
            return this;
        }

        public Builder maxLoad(double value) {
            this.maxLoad = Checks.between(value, 0, 100, "max_load");
            return this;
        }

        /** Null: the phase runs at {@code max_load}. */
        public Builder targetLoad(Double value) {
            this.targetLoad = value == null ? null : Checks.between(value, 0, 100, "target_load");
            return this;
        }

        public Builder durationSeconds(double value) {
            this.durationSeconds = atMostAWeek(Checks.positive(value, "duration_seconds"), "duration_seconds");
            return this;
        }

        public Builder rampUpSeconds(double value) {
            this.rampUpSeconds = atMostAWeek(Checks.nonNegative(value, "ramp_up_seconds"), "ramp_up_seconds");
            return this;
        }

        public Builder rampDownSeconds(double value) {
            this.rampDownSeconds = atMostAWeek(Checks.nonNegative(value, "ramp_down_seconds"), "ramp_down_seconds");
            return this;
        }

        public Builder cpuWeight(double value) {
            this.cpuWeight = Checks.between(value, 0, 1, "cpu_weight");
            return this;
        }

        public Builder memoryWeight(double value) {
            this.memoryWeight = Checks.between(value, 0, 1, "memory_weight");
            return this;
        }

        public Builder ioWeight(double value) {
            this.ioWeight = Checks.between(value, 0, 1, "io_weight");
            return this;
        }

        public Builder networkWeight(double value) {
            this.networkWeight = Checks.between(value, 0, 1, "network_weight");
            return this;
        }

        /** All four weights at once (each already checked by {@link ResourceWeights}). */
        public Builder weights(ResourceWeights weights) {
            Checks.notNull(weights, "weights");
            return cpuWeight(weights.cpu()).memoryWeight(weights.memory()).ioWeight(weights.io())
                    .networkWeight(weights.network());
        }

        /**
         * Metric name to threshold (as {@link ThresholdSpecParser#parseAll} reads them from a file or a body: known
         * metric names, limits >= 0); null means none.
         */
        public Builder safetyThresholds(Map<String, ThresholdSpec> thresholds) {
            Map<String, ThresholdSpec> copy = Checks.copyOf(thresholds);
            copy.forEach((metric, spec) -> {
                Checks.notNull(spec, "safety_thresholds." + metric);
                Checks.nonNegative(spec.limit(), "safety_thresholds." + metric);
            });
            this.safetyThresholds = copy;
            return this;
        }

        public Builder adaptiveEnabled(boolean value) {
            this.adaptiveEnabled = value;
            return this;
        }

        /** Null means linear, as in the YAML. */
        public Builder rampingStrategy(RampingStrategy value) {
            this.rampingStrategy = value == null ? RampingStrategy.LINEAR : value;
            return this;
        }

        private static double atMostAWeek(double seconds, String field) {
            if (seconds > MAX_SECONDS) {
                throw new IllegalArgumentException(field + " must be at most " + Checks.format(MAX_SECONDS)
                        + " (a week), was " + Checks.format(seconds));
            }
            return seconds;
        }

        public PhaseSpec build() {
            Checks.notNull(maxLoad, "max_load");
            Checks.notNull(durationSeconds, "duration_seconds");
            if (minLoad > maxLoad) {
                throw new IllegalArgumentException("min_load (" + Checks.format(minLoad) + ") must not exceed max_load ("
                        + Checks.format(maxLoad) + ")");
            }
            return new PhaseSpec(this);
        }
    }
}
