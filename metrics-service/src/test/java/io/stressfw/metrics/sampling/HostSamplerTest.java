package io.stressfw.metrics.sampling;

import io.stressfw.model.MetricNames;
import org.junit.jupiter.api.Test;
import oshi.hardware.GlobalMemory;
import oshi.hardware.Sensors;
import oshi.hardware.VirtualMemory;
import oshi.software.os.OperatingSystem;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HostSamplerTest {
    private static final long MS = 1_000_000L;

    /** A stand-in for an OSHI interface answering only the named methods; a call to any other fails the test. */
    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Map<String, Supplier<Object>> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            Supplier<Object> answer = answers.get(method.getName());
            if (answer == null) {
                throw new AssertionError("the sampler called " + method.getName() + ", too costly for a sample");
            }
            return answer.get();
        });
    }

    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final Deque<long[][]> ticks = new ArrayDeque<>();
    private final Deque<IoCounters> io = new ArrayDeque<>();
    private final AtomicInteger processCalls = new AtomicInteger();
    private final AtomicInteger temperatureCalls = new AtomicInteger();

    private HostSampler sampler(double swapTotal, double celsius) {
        CpuSource cpu = new CpuSource() {
            @Override
            public int coreCount() {
                return 2;
            }

            @Override
            public long[][] coreTicks() {
                return ticks.poll();
            }

            @Override
            public double loadAverage() {
                return 1.5;
            }

            @Override
            public String name() {
                return "fake";
            }
        };
        VirtualMemory swap = fake(VirtualMemory.class, Map.of(
                "getSwapUsed", () -> (long) (swapTotal / 4), "getSwapTotal", () -> (long) swapTotal));
        GlobalMemory memory = fake(GlobalMemory.class, Map.of(
                "getTotal", () -> 1000L, "getAvailable", () -> 250L, "getVirtualMemory", () -> swap));
        OperatingSystem os = fake(OperatingSystem.class, Map.of(
                "getProcessCount", () -> 100 + processCalls.incrementAndGet()));
        Sensors sensors = fake(Sensors.class, Map.of("getCpuTemperature", () -> {
            temperatureCalls.incrementAndGet();
            return celsius;
        }));
        IoCounterSource source = new IoCounterSource() {
            @Override
            public IoCounters read() {
                return io.poll();
            }

            @Override
            public String name() {
                return "fake";
            }
        };
        return new HostSampler(cpu, new OshiMemory(memory), os, sensors, source, null, clock::get, Duration.ofSeconds(1).toNanos(),
                Duration.ofSeconds(5).toNanos(), 0);
    }

    @Test
    void computesUsagesAndRatesFromCounterDeltas() {
        ticks.add(new long[][]{{0, 0, 0, 100, 0, 0, 0, 0}, {0, 0, 0, 100, 0, 0, 0, 0}});
        ticks.add(new long[][]{{5, 0, 5, 106, 0, 0, 0, 4}, {0, 0, 0, 120, 0, 0, 0, 0}});
        io.add(new IoCounters(10, 20, 1000, 2000, 5000, 6000));
        io.add(new IoCounters(20, 20, 3000, 2000, 5500, 6000));
        HostSampler sampler = sampler(0, 0);
        clock.addAndGet(100 * MS);

        Map<String, Double> m = sampler.sample();

        // core 0: 14 busy of 20 ticks, 4 of them stolen; core 1: idle; total: 14 busy of 40, 4 stolen.
        assertThat(m.get(MetricNames.cpuCore(0))).isEqualTo(70.0);
        assertThat(m.get(MetricNames.cpuCore(1))).isEqualTo(0.0);
        assertThat(m.get(MetricNames.CPU_USAGE)).isEqualTo(35.0);
        assertThat(m.get(MetricNames.CPU_STEAL)).isEqualTo(10.0);
        assertThat(m.get(MetricNames.LOAD_AVERAGE_1M)).isEqualTo(1.5);
        assertThat(m.get(MetricNames.MEMORY_USAGE)).isEqualTo(75.0);
        assertThat(m.get(MetricNames.DISK_READ_OPS)).isCloseTo(100.0, within(1e-9));
        assertThat(m.get(MetricNames.DISK_WRITE_OPS)).isEqualTo(0.0);
        assertThat(m.get(MetricNames.DISK_READ_BYTES)).isCloseTo(20_000.0, within(1e-9));
        assertThat(m.get(MetricNames.NETWORK_RX_BYTES)).isCloseTo(5_000.0, within(1e-9));
        assertThat(m.get(MetricNames.PROCESS_COUNT)).isEqualTo(101.0);
    }

    @Test
    void whatTheHostCannotGiveIsNullNeverZero() {
        ticks.add(new long[][]{{0, 0, 0, 100, 0, 0, 0, 0}, {0, 0, 0, 100, 0, 0, 0, 0}});
        ticks.add(new long[][]{{0, 0, 0, 100, 0, 0, 0, 0}, {0, 0, 0, 100, 0, 0, 0, 0}});
        io.add(IoCounters.UNAVAILABLE);
        io.add(IoCounters.UNAVAILABLE);
        HostSampler sampler = sampler(0, 0.0);
        clock.addAndGet(100 * MS);

        Map<String, Double> m = sampler.sample();

        assertThat(m).containsKeys(sampler.metricNames());
        assertThat(m.get(MetricNames.SWAP_USAGE)).isNull();
        assertThat(m.get(MetricNames.TEMPERATURE)).isNull();
        assertThat(m.get(MetricNames.DISK_USAGE)).isNull();
        assertThat(m.get(MetricNames.DISK_READ_OPS)).isNull();
        assertThat(m.get(MetricNames.NETWORK_TX_BYTES)).isNull();
        assertThat(m.get(MetricNames.CPU_USAGE)).as("no tick passed").isNull();
        assertThat(m.get(MetricNames.CPU_STEAL)).as("no tick passed").isNull();
    }

    @Test
    void processCountAndTemperatureAreReadAtTheirLowerRates() {
        for (int i = 0; i < 12; i++) {
            ticks.add(new long[][]{{i, 0, 0, 100 + i, 0, 0, 0, 0}, {i, 0, 0, 100 + i, 0, 0, 0, 0}});
            io.add(new IoCounters(i, i, i, i, i, i));
        }
        HostSampler sampler = sampler(1000, 55.5);
        for (int i = 0; i < 11; i++) {
            clock.addAndGet(100 * MS);
            Map<String, Double> m = sampler.sample();
            assertThat(m.get(MetricNames.TEMPERATURE)).isEqualTo(55.5);
            assertThat(m.get(MetricNames.SWAP_USAGE)).isEqualTo(25.0);
        }
        // 1.1 s of samples: process count at 0 s and 1 s; temperature once.
        assertThat(processCalls.get()).isEqualTo(2);
        assertThat(temperatureCalls.get()).isEqualTo(1);
    }
}
