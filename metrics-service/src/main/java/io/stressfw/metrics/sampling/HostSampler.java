package io.stressfw.metrics.sampling;

import io.stressfw.model.Checks;
import io.stressfw.model.MetricNames;
import oshi.hardware.Sensors;
import oshi.software.os.OperatingSystem;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Takes one host sample. The sources are created once and reused; CPU usage comes from one read of the per-core
 * tick counters (the total is their sum), rates from deltas of cumulative counters, both computed here; CPU, memory
 * and I/O counters come from a {@link CpuSource}, a {@link MemorySource} and an {@link IoCounterSource} (procfs on
 * Linux, OSHI elsewhere). Costly
 * readings run at a lower rate and are cached in between: the process count (a /proc directory walk) every
 * {@code processCountEveryNanos}, the temperature (sensors can be slow) every {@code temperatureEveryNanos}, the I/O
 * counters every {@code ioEveryNanos} (0 for procfs: every sample). A metric the host cannot give is null. Not
 * thread-safe: one sampling thread owns it.
 */
public final class HostSampler {
    private static final int[] IDLE_TICKS = {CpuSource.IDLE, CpuSource.IOWAIT};

    private final CpuSource cpu;
    private final MemorySource memory;
    private final OperatingSystem os;
    private final Sensors sensors;
    private final IoCounterSource io;
    private final FileStore diskUsageStore;
    private final LongSupplier clock;
    private final long processCountEveryNanos;
    private final long temperatureEveryNanos;
    private final long ioEveryNanos;
    private final String[] coreNames;

    private long[][] previousCoreTicks;
    private long[] previousTotalTicks;
    private IoCounters previousIo;
    private long previousIoAt;
    private Double[] ioRates = new Double[6];
    private Double processCount;
    private long processCountAt = Long.MIN_VALUE;
    private Double temperature;
    private long temperatureAt = Long.MIN_VALUE;

    public HostSampler(CpuSource cpu, MemorySource memory, OperatingSystem os, Sensors sensors,
                       IoCounterSource io, Path diskUsagePath, LongSupplier nanoClock, long processCountEveryNanos,
                       long temperatureEveryNanos, long ioEveryNanos) {
        Checks.nonNegative(processCountEveryNanos, "process count interval ns");
        Checks.nonNegative(temperatureEveryNanos, "temperature interval ns");
        Checks.nonNegative(ioEveryNanos, "io interval ns");
        this.cpu = cpu;
        this.memory = memory;
        this.os = os;
        this.sensors = sensors;
        this.io = io;
        this.diskUsageStore = fileStore(diskUsagePath);
        this.clock = nanoClock;
        this.processCountEveryNanos = processCountEveryNanos;
        this.temperatureEveryNanos = temperatureEveryNanos;
        this.ioEveryNanos = ioEveryNanos;
        this.coreNames = new String[cpu.coreCount()];
        for (int i = 0; i < coreNames.length; i++) {
            coreNames[i] = MetricNames.cpuCore(i);
        }
        // Prime the counters so that the very first sample already has usages and rates.
        previousCoreTicks = cpu.coreTicks();
        previousTotalTicks = sum(previousCoreTicks);
        previousIo = io.read();
        previousIoAt = clock.getAsLong();
    }

    private static FileStore fileStore(Path path) {
        if (path == null) {
            return null;
        }
        try {
            Path existing = path.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            return existing == null ? null : Files.getFileStore(existing);
        } catch (IOException e) {
            return null;
        }
    }

    /** The metric names this sampler can ever report, in the order samples carry them. */
    public String[] metricNames() {
        String[] fixed = {MetricNames.CPU_USAGE, MetricNames.CPU_STEAL, MetricNames.LOAD_AVERAGE_1M, MetricNames.MEMORY_USAGE,
                MetricNames.SWAP_USAGE, MetricNames.DISK_USAGE, MetricNames.DISK_READ_OPS, MetricNames.DISK_WRITE_OPS,
                MetricNames.DISK_READ_BYTES, MetricNames.DISK_WRITE_BYTES, MetricNames.NETWORK_RX_BYTES,
                MetricNames.NETWORK_TX_BYTES, MetricNames.PROCESS_COUNT, MetricNames.TEMPERATURE};
        String[] all = new String[fixed.length + coreNames.length];
        System.arraycopy(fixed, 0, all, 0, 2);
        System.arraycopy(coreNames, 0, all, 2, coreNames.length);
        System.arraycopy(fixed, 2, all, 2 + coreNames.length, fixed.length - 2);
        return all;
    }

    public Map<String, Double> sample() {
        long now = clock.getAsLong();
        Map<String, Double> m = new LinkedHashMap<>(32);

        long[][] coreTicks = cpu.coreTicks();
        long[] totalTicks = sum(coreTicks);
        m.put(MetricNames.CPU_USAGE, CounterRate.busyPercent(previousTotalTicks, totalTicks, IDLE_TICKS));
        m.put(MetricNames.CPU_STEAL, CounterRate.sharePercent(previousTotalTicks, totalTicks, CpuSource.STEAL));
        for (int i = 0; i < coreNames.length; i++) {
            boolean known = i < coreTicks.length && i < previousCoreTicks.length;
            m.put(coreNames[i], known ? CounterRate.busyPercent(previousCoreTicks[i], coreTicks[i], IDLE_TICKS) : null);
        }
        previousCoreTicks = coreTicks;
        previousTotalTicks = totalTicks;

        double load = cpu.loadAverage();
        m.put(MetricNames.LOAD_AVERAGE_1M, load < 0 ? null : load);
        MemoryCounters mem = memory.read();
        m.put(MetricNames.MEMORY_USAGE, mem.total() <= 0 || mem.available() < 0 ? null
                : CounterRate.usedPercent(mem.total() - mem.available(), mem.total()));
        m.put(MetricNames.SWAP_USAGE, mem.swapUsed() < 0 ? null : CounterRate.usedPercent(mem.swapUsed(), mem.swapTotal()));
        m.put(MetricNames.DISK_USAGE, diskUsage());

        if (now - previousIoAt >= ioEveryNanos) {
            IoCounters current = io.read();
            long elapsed = now - previousIoAt;
            ioRates = new Double[]{
                    CounterRate.perSecond(previousIo.diskReads(), current.diskReads(), elapsed),
                    CounterRate.perSecond(previousIo.diskWrites(), current.diskWrites(), elapsed),
                    CounterRate.perSecond(previousIo.diskReadBytes(), current.diskReadBytes(), elapsed),
                    CounterRate.perSecond(previousIo.diskWriteBytes(), current.diskWriteBytes(), elapsed),
                    CounterRate.perSecond(previousIo.networkRxBytes(), current.networkRxBytes(), elapsed),
                    CounterRate.perSecond(previousIo.networkTxBytes(), current.networkTxBytes(), elapsed)};
            previousIo = current;
            previousIoAt = now;
        }
        m.put(MetricNames.DISK_READ_OPS, ioRates[0]);
        m.put(MetricNames.DISK_WRITE_OPS, ioRates[1]);
        m.put(MetricNames.DISK_READ_BYTES, ioRates[2]);
        m.put(MetricNames.DISK_WRITE_BYTES, ioRates[3]);
        m.put(MetricNames.NETWORK_RX_BYTES, ioRates[4]);
        m.put(MetricNames.NETWORK_TX_BYTES, ioRates[5]);

        if (processCountAt == Long.MIN_VALUE || now - processCountAt >= processCountEveryNanos) {
            int count = os.getProcessCount();
            processCount = count > 0 ? (double) count : null;
            processCountAt = now;
        }
        m.put(MetricNames.PROCESS_COUNT, processCount);

        if (temperatureAt == Long.MIN_VALUE || now - temperatureAt >= temperatureEveryNanos) {
            double celsius = sensors.getCpuTemperature();
            // OSHI answers 0 (or NaN) when the host exposes no sensor; no CPU runs at 0 °C.
            temperature = Double.isFinite(celsius) && celsius > 0 ? celsius : null;
            temperatureAt = now;
        }
        m.put(MetricNames.TEMPERATURE, temperature);
        return m;
    }

    private Double diskUsage() {
        if (diskUsageStore == null) {
            return null;
        }
        try {
            long total = diskUsageStore.getTotalSpace();
            return CounterRate.usedPercent(total - diskUsageStore.getUnallocatedSpace(), total);
        } catch (IOException e) {
            return null;
        }
    }

    /** Ticks of all cores; null when a core is missing, since a total over other cores than last time means nothing. */
    private static long[] sum(long[][] perCore) {
        if (perCore.length == 0) {
            return null;
        }
        long[] total = new long[CpuSource.TICK_TYPES];
        for (long[] core : perCore) {
            if (core == null || core.length < total.length) {
                return null;
            }
            for (int i = 0; i < total.length; i++) {
                total[i] += core[i];
            }
        }
        return total;
    }

    public String ioSource() {
        return io.name();
    }

    public String cpuSource() {
        return cpu.name();
    }
}
