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
 *
 * <p>A resource is judged from the first tick at which it came within its tolerance of the target: a generator that
 * lags its ramp (memory grows at a paced share of one core, so a large target can take seconds longer than a short
 * ramp) is judged on whether it then held, and when it got there is reported. One that gets there only in the second
 * half of the hold, or never, did not hold the target and is judged on the whole hold.
 */
final class PhaseTally {
    private final ResourceTolerances tolerances;
    private final Map<ResourceKind, ResourceTrack> resources = new EnumMap<>(ResourceKind.class);
    private final Map<String, Map<String, MetricValues>> hosts = new TreeMap<>();
    private long firstTickMs = -1;
    private long lastTickMs = -1;

    PhaseTally(ResourceTolerances tolerances) {
        this.tolerances = tolerances;
    }

    /**
     * One tick of the hold at {@code nowMs}: the load commanded, the phase's weights, the agents' mean achieved
     * percent per kind.
     */
    void tick(long nowMs, double commandedLoad, ResourceWeights weights, Map<String, Double> achievedByResource) {
        if (firstTickMs < 0) {
            firstTickMs = nowMs;
        }
        lastTickMs = nowMs;
        for (ResourceKind kind : ResourceKind.values()) {
            double weight = weights.of(kind);
            if (weight > 0) {
                resources.computeIfAbsent(kind, k -> new ResourceTrack())
                        .tick(nowMs, commandedLoad * weight, achievedByResource.get(kind.wireName()), tolerances.of(kind));
            }
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
    Map<String, ResourceResult> resources() {
        Map<String, ResourceResult> results = new LinkedHashMap<>();
        double holdSeconds = (lastTickMs - firstTickMs) / 1000.0;
        resources.forEach((kind, track) -> results.put(kind.wireName(), track.result(firstTickMs, holdSeconds,
                tolerances.of(kind))));
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

    /** One resource over the hold: every reading, and the readings from the tick it first came within tolerance. */
    private static final class ResourceTrack {
        private double targetSum;
        private int ticks;
        private double achievedSum;
        private int readings;
        private long reachedAtMs = -1;
        private double heldTargetSum;
        private double heldAchievedSum;
        private int heldReadings;

        void tick(long nowMs, double target, Double achieved, double tolerance) {
            targetSum += target;
            ticks++;
            if (achieved == null || !Double.isFinite(achieved)) {
                return;
            }
            achievedSum += achieved;
            readings++;
            if (reachedAtMs < 0 && target - achieved <= tolerance) {
                reachedAtMs = nowMs;
            }
            if (reachedAtMs >= 0) {
                heldTargetSum += target;
                heldAchievedSum += achieved;
                heldReadings++;
            }
        }

        ResourceResult result(long holdStartMs, double holdSeconds, double tolerance) {
            Double reachedAfter = reachedAtMs < 0 ? null : (reachedAtMs - holdStartMs) / 1000.0;
            if (reachedAfter == null || ResourceResult.late(reachedAfter, holdSeconds)) {
                return ResourceResult.of(round(targetSum / ticks), readings == 0 ? null : round(achievedSum / readings),
                        tolerance, reachedAfter, holdSeconds);
            }
            return ResourceResult.of(round(heldTargetSum / heldReadings), round(heldAchievedSum / heldReadings),
                    tolerance, reachedAfter, holdSeconds);
        }
    }
}
