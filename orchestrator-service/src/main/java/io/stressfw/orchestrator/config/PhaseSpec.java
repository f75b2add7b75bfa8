package io.stressfw.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.stressfw.model.ResourceWeights;
import io.stressfw.orchestrator.ramping.RampingStrategy;

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

    @JsonCreator
    public PhaseSpec(
            @JsonProperty(value = "min_load", required = true) double minLoad,
            @JsonProperty(value = "max_load", required = true) double maxLoad,
            @JsonProperty("target_load") Double targetLoad,
            @JsonProperty(value = "duration_seconds", required = true) double durationSeconds,
            @JsonProperty("ramp_up_seconds") double rampUpSeconds,
            @JsonProperty("ramp_down_seconds") double rampDownSeconds,
            @JsonProperty(value = "cpu_weight", required = true) double cpuWeight,
            @JsonProperty("memory_weight") double memoryWeight,
            @JsonProperty("io_weight") double ioWeight,
            @JsonProperty("network_weight") double networkWeight,
            @JsonProperty("safety_thresholds") Map<String, Double> safetyThresholds,
            @JsonProperty("adaptive_enabled") boolean adaptiveEnabled,
            @JsonProperty("ramping_strategy") RampingStrategy rampingStrategy) {
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
        this.minLoad = minLoad;
        this.maxLoad = maxLoad;
        this.targetLoad = targetLoad;
        this.durationSeconds = durationSeconds;
        this.rampUpSeconds = rampUpSeconds;
        this.rampDownSeconds = rampDownSeconds;
        this.cpuWeight = cpuWeight;
        this.memoryWeight = memoryWeight;
        this.ioWeight = ioWeight;
        this.networkWeight = networkWeight;
        this.safetyThresholds = Collections.unmodifiableMap(thresholds);
        this.adaptiveEnabled = adaptiveEnabled;
        this.rampingStrategy = rampingStrategy == null ? RampingStrategy.LINEAR : rampingStrategy;
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
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", was " + value);
        }
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
