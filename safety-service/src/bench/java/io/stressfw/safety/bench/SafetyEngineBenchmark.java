package io.stressfw.safety.bench;

import io.stressfw.model.MetricNames;
import io.stressfw.model.MetricSample;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Versioned;
import io.stressfw.safety.engine.SafetyEngine;
import io.stressfw.safety.engine.SafetyOutput;
import io.stressfw.safety.engine.SafetyEngineSettings;
import io.stressfw.model.Comparison;
import io.stressfw.model.RuleWindow;
import io.stressfw.safety.rule.ThresholdRule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Evaluation throughput of {@link SafetyEngine#onSample}: samples per second on one thread. {@code defaults} is the
 * shipped rule set (5 rules, one with {@code for 2s}); {@code windowed} adds p95/mean/max sliding windows. Each of
 * 16 hosts reports every 100 ms of simulated time; values stay under the limits (the common case), except in
 * {@code overLimit}, where every rule is violated and breakers stay open.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SafetyEngineBenchmark {
    private static final int HOSTS = 16;
    private static final int SAMPLES = 1024;

    @Param({"defaults", "windowed", "overLimit"})
    public String scenario;

    private SafetyEngine engine;
    private MetricSample[] samples;
    private long now;
    private int next;

    @Setup
    public void setUp() {
        long start = System.currentTimeMillis();
        now = start;
        List<ThresholdRule> rules = new ArrayList<>(List.of(
                new ThresholdRule("cpu", MetricNames.CPU_USAGE, Comparison.ABOVE, 95, RuleWindow.continuously(Duration.ofSeconds(2)), 5, Severity.CRITICAL, SafetyAction.STOP, null),
                new ThresholdRule("memory", MetricNames.MEMORY_USAGE, Comparison.ABOVE, 90, null, 2, Severity.CRITICAL, SafetyAction.STOP, null),
                new ThresholdRule("temperature", MetricNames.TEMPERATURE, Comparison.ABOVE, 85, null, 3, Severity.CRITICAL, SafetyAction.STOP, null),
                ThresholdRule.simple("disk", MetricNames.DISK_USAGE, Comparison.ABOVE, 95, SafetyAction.STOP),
                new ThresholdRule("swap", MetricNames.SWAP_USAGE, Comparison.ABOVE, 50, null, 5, Severity.WARNING, SafetyAction.WARN, null)));
        if (scenario.equals("windowed")) {
            rules.add(new ThresholdRule("cpu-p95", MetricNames.CPU_USAGE, Comparison.ABOVE, 90, RuleWindow.parseAggregate("p95 over 5s"), 0, Severity.WARNING, SafetyAction.THROTTLE, null));
            rules.add(new ThresholdRule("load-mean", MetricNames.LOAD_AVERAGE_1M, Comparison.ABOVE, 64, RuleWindow.parseAggregate("mean over 5s"), 0, Severity.WARNING, SafetyAction.THROTTLE, null));
            rules.add(new ThresholdRule("memory-max", MetricNames.MEMORY_USAGE, Comparison.ABOVE, 95, RuleWindow.parseAggregate("max over 2s"), 0, Severity.WARNING, SafetyAction.WARN, null));
        }
        // Sources never get forgotten: the simulated clock runs far ahead of the samples' stamps.
        SafetyEngineSettings settings = SafetyEngineSettings.builder()
                .forgetSourceAfter(Duration.ofDays(3651))
                .build();
        engine = new SafetyEngine(settings, rules, () -> now, () -> "id");
        boolean over = scenario.equals("overLimit");
        Random random = new Random(42);
        samples = new MetricSample[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            Map<String, Double> metrics = new HashMap<>();
            metrics.put(MetricNames.CPU_USAGE, over ? 99.0 : 40 + random.nextDouble() * 40);
            metrics.put(MetricNames.MEMORY_USAGE, over ? 97.0 : 50 + random.nextDouble() * 20);
            metrics.put(MetricNames.DISK_USAGE, over ? 99.0 : 60.0);
            metrics.put(MetricNames.SWAP_USAGE, over ? 70.0 : 5.0);
            metrics.put(MetricNames.TEMPERATURE, null);
            metrics.put(MetricNames.LOAD_AVERAGE_1M, 2 + random.nextDouble());
            String host = "host-" + (i % HOSTS);
            samples[i] = new MetricSample(Versioned.SCHEMA_VERSION, host, SourceKind.HOST, host, start, null, null, metrics, null);
        }
    }

    @Benchmark
    public SafetyOutput evaluateSample() {
        // 16 hosts each reporting every 100 ms of simulated time.
        now += 100 / HOSTS;
        MetricSample sample = samples[next];
        next = (next + 1) & (SAMPLES - 1);
        return engine.onSample(sample);
    }
}
