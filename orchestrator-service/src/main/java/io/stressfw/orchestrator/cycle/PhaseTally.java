package io.stressfw.orchestrator.cycle;

import io.stressfw.model.ResourceKind;
import io.stressfw.model.ResourceWeights;
import io.stressfw.orchestrator.history.HostMetricSummary;
import io.stressfw.orchestrator.history.ResourceResult;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one phase's hold measured: per resource the commanded target (load x weight) and the agents' achieved
 * percent at each engine tick, and per host every metric of every host sample. Plain Java, not thread-safe: the
 * recorder keeps one per phase under the service's lock.
 */
final class PhaseTally {
    /** Per resource: the sum of targets, the sum of achieved readings, how many readings, how many ticks. */
    private final Map<ResourceKind, double[]> resources = new EnumMap<>(ResourceKind.class);
    private final Map<String, Map<String, MetricValues>> hosts = new TreeMap<>();

    /** One tick of the hold: the load commanded, the phase's weights, the agents' mean achieved percent per kind. */
    void tick(double commandedLoad, ResourceWeights weights, Map<String, Double> achievedByResource) {
        for (ResourceKind kind : ResourceKind.values()) {
            double weight = weights.of(kind);
            if (weight <= 0) {
                continue;
            }
            double[] tally = resources.computeIfAbsent(kind, k -> new double[4]);
            tally[0] += commandedLoad * weight;
            Double achieved = achievedByResource.get(kind.wireName());
            if (achieved != null && Double.isFinite(achieved)) {
                tally[1] += achieved;
                tally[2]++;
            }
            tally[3]++;
        }
    }

    void hostSample(String host, Map<String, Double> metrics) {
        Map<String, MetricValues> values = hosts.computeIfAbsent(host, h -> new TreeMap<>());
        metrics.forEach((name, value) -> {
            if (value != null && Double.isFinite(value)) {
                values.computeIfAbsent(name, n -> new MetricValues()).add(value);
            }
        });
    }


    /** Each weighted resource's mean target against its mean achieved percent; empty when the phase never held. */
    Map<String, ResourceResult> resources(ResourceTolerances tolerances) {
        Map<String, ResourceResult> results = new LinkedHashMap<>();
        resources.forEach((kind, tally) -> {
            double target = round(tally[0] / tally[3]);
            Double achieved = tally[2] == 0 ? null : round(tally[1] / tally[2]);
            results.put(kind.wireName(), ResourceResult.of(target, achieved, tolerances.of(kind)));
        });
        return results;
    }

    /** Per host and metric: count, mean, p95, max, and the baseline mean where {@code baseline} has one. */
    Map<String, Map<String, HostMetricSummary>> hostSummaries(Map<String, Map<String, Double>> baseline) {
        Map<String, Map<String, HostMetricSummary>> summaries = new TreeMap<>();
        hosts.forEach((host, metrics) -> {
            Map<String, Double> base = baseline.getOrDefault(host, Map.of());
            Map<String, HostMetricSummary> perMetric = new TreeMap<>();
            metrics.forEach((name, values) -> perMetric.put(name,
                    HostMetricSummary.of(values.count(), values.mean(), values.p95(), values.max(), base.get(name))));
            summaries.put(host, perMetric);
        });
        return summaries;
    }

    /** Per host and metric, the mean over the hold: what IDLE leaves as the cycle's baseline. */
    Map<String, Map<String, Double>> hostMeans() {
        Map<String, Map<String, Double>> means = new TreeMap<>();
        hosts.forEach((host, metrics) -> {
            Map<String, Double> perMetric = new TreeMap<>();
            metrics.forEach((name, values) -> perMetric.put(name, round(values.mean())));
            means.put(host, perMetric);
        });
        return means;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
