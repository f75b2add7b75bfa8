package io.stressfw.metrics.bench;

import io.stressfw.metrics.aggregation.MetricsAggregator;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.PhaseStartedDetails;
import io.stressfw.model.RampingStrategy;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Versioned;
import io.stressfw.model.WireCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The consuming side: decode one host sample (16 metrics, 2 cores) and fold it into the per-phase aggregates,
 * once while percentiles are exact and once after the sketch took over.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AggregationBenchmark {
    private MetricsAggregator aggregator;
    private String payload;
    private MetricSample sample;

    @Setup(Level.Trial)
    public void setUp() {
        aggregator = MetricsAggregator.builder().maxCycles(100).rawSampleCap(20_000).build();
        long now = System.currentTimeMillis();
        aggregator.accept(new PhaseEvent(Versioned.SCHEMA_VERSION, "e1", now, "bench", PhaseEventType.PHASE_STARTED,
                Phase.HEAVY, 60.0, null, new PhaseStartedDetails(Map.of(), 60, 10, 10, 60, 50, 75,
                ResourceWeights.CPU_ONLY, RampingStrategy.LINEAR, false, 0, 1)));
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String name : new String[]{"cpu_usage", "cpu_core_0", "cpu_core_1", "load_average_1m", "memory_usage",
                "swap_usage", "disk_usage", "disk_read_ops", "disk_write_ops", "disk_read_bytes", "disk_write_bytes",
                "network_rx_bytes", "network_tx_bytes", "process_count"}) {
            metrics.put(name, 10 + Math.random() * 80);
        }
        metrics.put("temperature", null);
        sample = new MetricSample(Versioned.SCHEMA_VERSION, "bench-host", SourceKind.HOST, "bench-host", now + 1,
                "bench", Phase.HEAVY, metrics, Map.of());
        payload = WireCodec.encode(sample);
    }

    @Benchmark
    public MetricsAggregator decodeAndAggregate() throws Exception {
        aggregator.accept(WireCodec.decode(payload, MetricSample.class));
        return aggregator;
    }

    @Benchmark
    public MetricsAggregator aggregateOnly() {
        aggregator.accept(sample);
        return aggregator;
    }
}
