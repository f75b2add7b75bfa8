package io.stressfw.orchestrator.history;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One host metric over a phase's hold: how many samples, mean, p95 and max, and against the cycle's IDLE baseline
 * (the mean over IDLE's own hold; null when the cycle had no IDLE phase, or for IDLE itself).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public final class HostMetricSummary {
    private long samples;
    private double mean;
    private double p95;
    private double max;
    private Double baselineMean;
    private Double overBaseline;

    private HostMetricSummary() {
    }

    public static HostMetricSummary of(long samples, double mean, double p95, double max, Double baselineMean) {
        HostMetricSummary summary = new HostMetricSummary();
        summary.samples = samples;
        summary.mean = round(mean);
        summary.p95 = round(p95);
        summary.max = round(max);
        summary.baselineMean = baselineMean == null ? null : round(baselineMean);
        summary.overBaseline = baselineMean == null ? null : round(mean - baselineMean);
        return summary;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    public long samples() {
        return samples;
    }

    public double mean() {
        return mean;
    }

    public double p95() {
        return p95;
    }

    public double max() {
        return max;
    }

    public Double baselineMean() {
        return baselineMean;
    }

    public Double overBaseline() {
        return overBaseline;
    }
}
