package io.stressfw.service.probe;

import io.stressfw.model.ProbeMetricNames;
import io.stressfw.model.ProbeSpec;
import io.stressfw.model.ProbeType;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A probe's attempts over its rolling window, and the metrics a probe sample carries from them. A timed probe
 * (http, tcp): the last attempt's latency, the window's p50/p95/p99 (nearest rank) and max over every attempt (a
 * failed one counts what it cost: a timeout is as slow as its timeout, so failures never flatter the percentiles),
 * the error rate and the attempt count. A promql probe: its last value (null when the last attempt failed: never a
 * stale value as if fresh), the error rate and the count. Not thread-safe.
 */
public final class ProbeWindow {
    private final ProbeSpec spec;
    private final long windowMs;
    private final Deque<ProbeAttempt> attempts = new ArrayDeque<>();

    public ProbeWindow(ProbeSpec spec) {
        this.spec = spec;
        this.windowMs = spec.settings().window().toMillis();
    }

    /** Adds an attempt and forgets the ones that left the window ending at it. */
    public void add(ProbeAttempt attempt) {
        attempts.addLast(attempt);
        while (!attempts.isEmpty() && attempts.peekFirst().atMs() <= attempt.atMs() - windowMs) {
            attempts.removeFirst();
        }
    }

    /** The sample's metrics ({@code probe.<name>.<stat>}); empty before the first attempt. */
    public Map<String, Double> metrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (attempts.isEmpty()) {
            return metrics;
        }
        String name = spec.name();
        ProbeAttempt last = attempts.peekLast();
        long failed = attempts.stream().filter(ProbeAttempt::failed).count();
        if (spec.type() == ProbeType.PROMQL) {
            metrics.put(ProbeMetricNames.value(name), last.failed() ? null : last.value());
        } else {
            double[] latencies = attempts.stream().mapToDouble(ProbeAttempt::elapsedMs).sorted().toArray();
            metrics.put(ProbeMetricNames.metric(name, ProbeMetricNames.LATENCY_MS), round(last.elapsedMs()));
            metrics.put(ProbeMetricNames.metric(name, ProbeMetricNames.P50_MS), round(rank(latencies, 0.50)));
            metrics.put(ProbeMetricNames.metric(name, ProbeMetricNames.P95_MS), round(rank(latencies, 0.95)));
            metrics.put(ProbeMetricNames.metric(name, ProbeMetricNames.P99_MS), round(rank(latencies, 0.99)));
            metrics.put(ProbeMetricNames.metric(name, ProbeMetricNames.MAX_MS), round(latencies[latencies.length - 1]));
        }
        metrics.put(ProbeMetricNames.metric(name, ProbeMetricNames.ERROR_RATE), (double) failed / attempts.size());
        metrics.put(ProbeMetricNames.metric(name, ProbeMetricNames.SAMPLES), (double) attempts.size());
        return metrics;
    }

    /** The last attempt, or null before the first. */
    public ProbeAttempt last() {
        return attempts.peekLast();
    }

    /** Nearest-rank percentile of sorted values. */
    static double rank(double[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }

    @Override
    public String toString() {
        return spec.name() + Arrays.toString(attempts.toArray());
    }
}
