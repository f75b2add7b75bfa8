package io.stressfw.metrics.prometheus;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.metrics.aggregation.CurrentPhase;
import io.stressfw.metrics.aggregation.MetricsAggregator;
import io.stressfw.metrics.baseline.HostBaseline;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.ProbeMetricNames;
import io.stressfw.model.SourceKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus gauges at {@code /q/metrics}: the latest value of every host metric
 * ({@code stress_host_metric{host,metric}}), target and achieved percent per agent and generator
 * ({@code stress_generator_target_percent}, {@code stress_generator_achieved_percent}), the latest window statistics
 * of every probe of the user's service ({@code stress_probe_metric{probe,stat,source}}: {@code p95_ms},
 * {@code error_rate}, ... and {@code value} for a promql probe; {@code source} is {@code probe:<name>} from the
 * orchestrator or {@code probe:<name>@<agent>} from each agent of a {@code run_on: agents} probe), the current phase
 * ({@code stress_current_phase{phase}} is 1 for the running phase, 0 for the others;
 * {@code stress_current_target_load_percent}) and the baselines ({@code stress_baseline_mean{host,metric}}).
 * An unavailable metric reads NaN, never 0. The host, generator and probe gauges of a source that went silent for
 * the source retention are removed ({@link #forget}).
 */
@ApplicationScoped
public class MetricsGauges {
    private static final String HOST_METRIC = "stress.host.metric";
    private static final String GENERATOR_TARGET = "stress.generator.target.percent";
    private static final String GENERATOR_ACHIEVED = "stress.generator.achieved.percent";
    private static final String BASELINE_MEAN = "stress.baseline.mean";
    private static final String PROBE_METRIC = "stress.probe.metric";
    private final MeterRegistry registry;
    private final MetricsAggregator aggregator;
    // Micrometer holds gauge objects weakly: these maps keep them alive.
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
    /** The per-source gauges by the same key as {@link #values}, so that a forgotten source's can be removed. */
    private final Map<String, Meter> sourceMeters = new ConcurrentHashMap<>();
    private final List<Meter> registered = new CopyOnWriteArrayList<>();

    public MetricsGauges(MeterRegistry registry, MetricsAggregator aggregator) {
        this.registry = registry;
        this.aggregator = aggregator;
    }

    void onStart(@Observes StartupEvent event) {
        for (Phase phase : Phase.values()) {
            registered.add(Gauge.builder("stress.current.phase", aggregator, a -> a.currentPhase().phase() == phase ? 1 : 0)
                    .tag("phase", phase.wireName())
                    .description("1 for the phase under way, 0 for the others")
                    .register(registry));
        }
        registered.add(Gauge.builder("stress.current.target.load.percent", aggregator, a -> {
                    CurrentPhase current = a.currentPhase();
                    return current.targetLoadPercent() == null ? Double.NaN : current.targetLoadPercent();
                })
                .description("Target load of the phase under way, percent of capacity")
                .register(registry));
    }

    /**
     * The gauges read this instance's state: they leave with it, so that a restarted application in the same JVM
     * (tests) registers fresh ones instead of finding stale gauges of the same name.
     */
    void onStop(@Observes ShutdownEvent event) {
        registered.forEach(registry::remove);
        registered.clear();
        values.clear();
        sourceMeters.clear();
    }

    /** Removes the host and generator gauges of a source that is no longer heard from. */
    public void forget(String sourceId) {
        for (String name : List.of(HOST_METRIC, GENERATOR_TARGET, GENERATOR_ACHIEVED, PROBE_METRIC)) {
            String prefix = name + '\u0000' + sourceId + '\u0000';
            values.keySet().removeIf(id -> id.startsWith(prefix));
            sourceMeters.entrySet().removeIf(e -> {
                if (e.getKey().startsWith(prefix)) {
                    registry.remove(e.getValue());
                    registered.remove(e.getValue());
                    return true;
                }
                return false;
            });
        }
    }

    public void update(MetricSample sample) {
        if (sample.sourceKind() == SourceKind.HOST) {
            sample.metrics().forEach((metric, value) ->
                    set(HOST_METRIC, "host", sample.sourceId(), "metric", metric, value));
        } else if (sample.sourceKind() == SourceKind.PROBE) {
            sample.metrics().forEach((metric, value) -> {
                String probe = ProbeMetricNames.probeOf(metric);
                if (probe != null) {
                    String stat = ProbeMetricNames.statOf(metric);
                    set(PROBE_METRIC, value, "source", sample.sourceId(), "stat", stat == null ? "value" : stat,
                            "probe", probe);
                }
            });
        }
        for (Map.Entry<String, GeneratorReading> g : sample.generators().entrySet()) {
            set(GENERATOR_TARGET, "agent", sample.sourceId(), "generator", g.getKey(), g.getValue().targetPercent());
            set(GENERATOR_ACHIEVED, "agent", sample.sourceId(), "generator", g.getKey(), g.getValue().achievedPercent());
        }
    }

    public void refreshBaselines(Map<String, HostBaseline> baselines) {
        baselines.forEach((host, baseline) -> baseline.metrics().forEach((metric, stats) ->
                set(BASELINE_MEAN, "host", host, "metric", metric, stats.mean())));
    }

    private void set(String name, String key1, String value1, String key2, String value2, Double value) {
        set(name, value, key1, value1, key2, value2);
    }

    /** A gauge by its tags (key, value, ...); its id starts with the first tag's value, the source a forget names. */
    private void set(String name, Double value, String... tags) {
        StringBuilder key = new StringBuilder(name);
        for (int i = 1; i < tags.length; i += 2) {
            key.append('\u0000').append(tags[i]);
        }
        String id = key.toString();
        AtomicLong holder = values.get(id);
        if (holder == null) {
            holder = values.computeIfAbsent(id, k -> {
                AtomicLong h = new AtomicLong(Double.doubleToLongBits(Double.NaN));
                Meter gauge = Gauge.builder(name, h, v -> Double.longBitsToDouble(v.get()))
                        .tags(tags)
                        .register(registry);
                registered.add(gauge);
                if (!name.equals(BASELINE_MEAN)) {
                    sourceMeters.put(k, gauge);
                }
                return h;
            });
        }
        holder.set(Double.doubleToLongBits(value == null ? Double.NaN : value));
    }
}
