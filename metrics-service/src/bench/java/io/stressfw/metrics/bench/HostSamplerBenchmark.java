package io.stressfw.metrics.bench;

import io.stressfw.metrics.sampling.HostSampler;
import io.stressfw.metrics.sampling.HostSamplerFactory;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
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
import oshi.SystemInfo;
import oshi.hardware.Sensors;
import oshi.software.os.OperatingSystem;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cost of one host sample as the service takes it at 10 Hz. OSHI's cache is set to 1 ms (the factory uses interval / 4
 * with a 4 ms interval) and each invocation is preceded (untimed) by a 2 ms pause, so every OSHI reading is fresh, as
 * it is with samples 100 ms apart in the service, while enough invocations run for the JIT to compile the path. The
 * sampler's own clock advances 100 ms per sample, so the process count (1 s) and the temperature (5 s) are paid on
 * every 10th and 50th sample exactly as at 10 Hz.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class HostSamplerBenchmark {
    private static final long SAMPLE_NANOS = Duration.ofMillis(100).toNanos();
    private final AtomicLong clock = new AtomicLong(1);
    private HostSampler sampler;
    private OperatingSystem os;
    private Sensors sensors;

    @Setup(Level.Trial)
    public void setUp() {
        sampler = HostSamplerFactory.create(Duration.ofMillis(4), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Path.of("target"), () -> clock.addAndGet(SAMPLE_NANOS));
        SystemInfo system = new SystemInfo();
        os = system.getOperatingSystem();
        sensors = system.getHardware().getSensors();
    }

    @Setup(Level.Invocation)
    public void pause() throws InterruptedException {
        Thread.sleep(2);
    }

    /** The sampler alone: OSHI and procfs reads plus the delta maths. */
    @Benchmark
    public Map<String, Double> sample() {
        return sampler.sample();
    }

    /** What the sampling thread does per tick apart from the Kafka send: sample, wrap, encode. */
    @Benchmark
    public String sampleAndEncode() {
        MetricSample s = new MetricSample(Versioned.SCHEMA_VERSION, "bench-host", SourceKind.HOST, "bench-host",
                System.currentTimeMillis(), "bench", Phase.HEAVY, sampler.sample(), Map.of());
        return WireCodec.encode(s);
    }

    /** The readings the sampler takes at a lower rate, for what each would cost per sample at full rate. */
    @Benchmark
    public int processCountAlone() {
        return os.getProcessCount();
    }

    @Benchmark
    public double temperatureAlone() {
        return sensors.getCpuTemperature();
    }
}
