package io.stressfw.metrics.aggregation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stressfw.metrics.prometheus.MetricsGauges;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Versioned;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.stressfw.metrics.aggregation.Fixtures.event;
import static io.stressfw.metrics.aggregation.Fixtures.phaseStarted;
import static io.stressfw.model.PhaseEventType.CYCLE_COMPLETED;
import static io.stressfw.model.PhaseEventType.CYCLE_STARTED;
import static io.stressfw.model.PhaseEventType.PHASE_COMPLETED;
import static org.assertj.core.api.Assertions.assertThat;

/** Probe samples are aggregated per phase like any other source, and exposed on Prometheus per probe and stat. */
class ProbeAggregationTest {
    private static final long T0 = 1_700_000_000_000L;

    private static MetricSample probe(long at, double latencyMs, double errorRate) {
        return probe("probe:checkout", at, latencyMs, errorRate);
    }

    private static MetricSample probe(String source, long at, double latencyMs, double errorRate) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("probe.checkout.latency_ms", latencyMs);
        metrics.put("probe.checkout.p95_ms", latencyMs);
        metrics.put("probe.checkout.error_rate", errorRate);
        return new MetricSample(Versioned.SCHEMA_VERSION, source, SourceKind.PROBE, "orch", at, "c1",
                Phase.LIGHT, metrics, null);
    }

    @Test
    void eachPhaseCarriesTheProbesLatencyPercentilesAndErrorRate() {
        MetricsAggregator aggregator = MetricsAggregator.builder().maxCycles(10).rawSampleCap(1000).build();
        aggregator.accept(event("c1", CYCLE_STARTED, null, T0));
        aggregator.accept(phaseStarted("c1", Phase.LIGHT, T0, 20.0, 0, 100, 0));
        for (int i = 1; i <= 100; i++) {
            aggregator.accept(probe(T0 + i * 100L, i, i > 95 ? 1 : 0));
        }
        aggregator.accept(event("c1", PHASE_COMPLETED, Phase.LIGHT, T0 + 20_000));
        aggregator.accept(event("c1", CYCLE_COMPLETED, null, T0 + 20_000));

        PhaseReport light = aggregator.report("c1").orElseThrow().phases().get(0);
        StatsSummary latency = light.sources().get("probe:checkout").metrics().get("probe.checkout.latency_ms").stats();
        assertThat(latency.p50()).isEqualTo(50.0);
        assertThat(latency.p95()).isEqualTo(95.0);
        assertThat(latency.p99()).isEqualTo(99.0);
        assertThat(latency.max()).isEqualTo(100.0);
        assertThat(light.sources().get("probe:checkout").metrics().get("probe.checkout.error_rate").stats().mean())
                .isEqualTo(0.05);
    }

    @Test
    void prometheusExposesTheLatestProbeStatistics() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MetricsGauges gauges = new MetricsGauges(registry, MetricsAggregator.builder().maxCycles(10).rawSampleCap(1000).build());

        gauges.update(probe(T0, 120, 0.25));

        assertThat(registry.get("stress.probe.metric").tags("probe", "checkout", "stat", "p95_ms").gauge().value())
                .isEqualTo(120.0);
        assertThat(registry.get("stress.probe.metric").tags("probe", "checkout", "stat", "error_rate").gauge().value())
                .isEqualTo(0.25);
        assertThat(registry.find("stress.host.metric").gauges()).isEmpty();
    }

    @Test
    void aProbeRunOnEveryAgentIsAggregatedAndExposedPerAgent() {
        MetricsAggregator aggregator = MetricsAggregator.builder().maxCycles(10).rawSampleCap(1000).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MetricsGauges gauges = new MetricsGauges(registry, aggregator);
        aggregator.accept(event("c1", CYCLE_STARTED, null, T0));
        aggregator.accept(phaseStarted("c1", Phase.LIGHT, T0, 20.0, 0, 100, 0));
        for (int i = 1; i <= 10; i++) {
            aggregator.accept(probe("probe:checkout@agent-1", T0 + i * 100L, 10, 0));
            aggregator.accept(probe("probe:checkout@agent-2", T0 + i * 100L, 300, 1));
        }
        gauges.update(probe("probe:checkout@agent-1", T0 + 1_000, 10, 0));
        gauges.update(probe("probe:checkout@agent-2", T0 + 1_000, 300, 1));

        PhaseReport light = aggregator.report("c1").orElseThrow().phases().get(0);
        assertThat(light.sources().get("probe:checkout@agent-1").metrics().get("probe.checkout.latency_ms").stats().max())
                .isEqualTo(10.0);
        assertThat(light.sources().get("probe:checkout@agent-2").metrics().get("probe.checkout.latency_ms").stats().max())
                .isEqualTo(300.0);
        assertThat(registry.get("stress.probe.metric").tags("source", "probe:checkout@agent-2", "stat", "p95_ms")
                .gauge().value()).isEqualTo(300.0);
        assertThat(registry.get("stress.probe.metric").tags("source", "probe:checkout@agent-1", "stat", "p95_ms")
                .gauge().value()).isEqualTo(10.0);

        gauges.forget("probe:checkout@agent-2");
        assertThat(registry.find("stress.probe.metric").tag("source", "probe:checkout@agent-2").gauges()).isEmpty();
    }
}
