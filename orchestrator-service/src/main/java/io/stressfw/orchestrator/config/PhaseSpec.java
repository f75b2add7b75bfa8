package io.stressfw.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.RampingStrategy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One phase of {@code stress_cycles.yaml}. The phase runs at {@code target_load} when given, else at
 * {@code max_load}; an adaptive phase climbs from {@code min_load} towards {@code max_load}.
 */
public record PhaseSpec(
        double minLoad,
        double maxLoad,
        Double targetLoad,
        double durationSeconds,
        double rampUpSeconds,
        double rampDownSeconds,
        double cpuWeight,
        double memoryWeight,
        double ioWeight,
        double networkWeight,
        Map<String, Double> safetyThresholds,
        boolean adaptiveEnabled,
        RampingStrategy rampingStrategy) {

    /** Validates every field; the messages name the YAML field. */
    public PhaseSpec {
        between(minLoad, "min_load", 0, 100);
        between(maxLoad, "max_load", 0, 100);
        if (minLoad > maxLoad) {
            throw new IllegalArgumentException("min_load (" + minLoad + ") must not exceed max_load (" + maxLoad + ")");
        }
        if (targetLoad != null) {
            between(targetLoad, "target_load", 0, 100);
        }
        positive(durationSeconds, "duration_seconds");
        nonNegative(rampUpSeconds, "ramp_up_seconds");
        nonNegative(rampDownSeconds, "ramp_down_seconds");
        between(cpuWeight, "cpu_weight", 0, 1);
        between(memoryWeight, "memory_weight", 0, 1);
        between(ioWeight, "io_weight", 0, 1);
        between(networkWeight, "network_weight", 0, 1);
        Map<String, Double> thresholds = new LinkedHashMap<>();
        if (safetyThresholds != null) {
            safetyThresholds.forEach((metric, limit) -> {
                if (limit == null || limit.isNaN() || limit < 0) {
                    throw new IllegalArgumentException("safety_thresholds." + metric + " must be a number >= 0, was " + limit);
                }
                thresholds.put(metric, limit);
            });
        }
        safetyThresholds = Collections.unmodifiableMap(thresholds);
        rampingStrategy = rampingStrategy == null ? RampingStrategy.LINEAR : rampingStrategy;
    }

    /** The YAML form: optional fields default to 0, false, linear. */
    @JsonCreator
    public static PhaseSpec fromYaml(
            @JsonProperty(value = "min_load", required = true) Double minLoad,
            @JsonProperty(value = "max_load", required = true) Double maxLoad,
            @JsonProperty("target_load") Double targetLoad,
            @JsonProperty(value = "duration_seconds", required = true) Double durationSeconds,
            @JsonProperty("ramp_up_seconds") Double rampUpSeconds,
            @JsonProperty("ramp_down_seconds") Double rampDownSeconds,
            @JsonProperty(value = "cpu_weight", required = true) Double cpuWeight,
            @JsonProperty("memory_weight") Double memoryWeight,
            @JsonProperty("io_weight") Double ioWeight,
            @JsonProperty("network_weight") Double networkWeight,
            @JsonProperty("safety_thresholds") Map<String, Double> safetyThresholds,
            @JsonProperty("adaptive_enabled") Boolean adaptiveEnabled,
            @JsonProperty("ramping_strategy") RampingStrategy rampingStrategy) {
        return new PhaseSpec(required(minLoad, "min_load"), required(maxLoad, "max_load"), targetLoad,
                required(durationSeconds, "duration_seconds"), zero(rampUpSeconds), zero(rampDownSeconds),
                required(cpuWeight, "cpu_weight"), zero(memoryWeight), zero(ioWeight), zero(networkWeight),
                safetyThresholds, Boolean.TRUE.equals(adaptiveEnabled), rampingStrategy);
    }

    private static double required(Double value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    private static double zero(Double value) {
        return value == null ? 0 : value;
    }

    public double effectiveTarget() {
        return targetLoad != null ? targetLoad : maxLoad;
    }

    public boolean adaptive() {
        return adaptiveEnabled || rampingStrategy == RampingStrategy.ADAPTIVE;
    }

    public ResourceWeights weights() {
        return new ResourceWeights(cpuWeight, memoryWeight, ioWeight, networkWeight);
    }

    public PhaseSpec withTarget(double target, double duration, ResourceWeights w) {
        return new PhaseSpec(Math.min(minLoad, target), Math.max(maxLoad, target), target, duration, rampUpSeconds,
                rampDownSeconds, w.cpu(), w.memory(), w.io(), w.network(), safetyThresholds, false,
                rampingStrategy == RampingStrategy.ADAPTIVE ? RampingStrategy.LINEAR : rampingStrategy);
    }

    private static void between(double value, String field, double min, double max) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + fmt(min) + " and " + fmt(max) + ", was " + fmt(value));
        }
    }

    private static String fmt(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static void positive(double value, String field) {
        if (Double.isNaN(value) || value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
    }

    private static void nonNegative(double value, String field) {
        if (Double.isNaN(value) || value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
    }
}
