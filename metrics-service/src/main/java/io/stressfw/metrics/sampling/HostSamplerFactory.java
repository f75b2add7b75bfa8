package io.stressfw.metrics.sampling;

import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.util.GlobalConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/** Builds the {@link HostSampler} of this machine. */
public final class HostSamplerFactory {
    private static final Path PROC = Path.of("/proc");
    private static final Path SYS_BLOCK = Path.of("/sys/block");
    private static final Duration OSHI_IO_EVERY = Duration.ofSeconds(1);

    private HostSamplerFactory() {
    }

    /**
     * OSHI caches most readings for 300 ms by default, which would repeat the same ticks over three 100 ms samples;
     * the cache must be shorter than the sampling interval, and it is read when OSHI's objects are created, so this
     * runs before the first {@link SystemInfo}.
     */
    public static HostSampler create(Duration interval, Duration processCountEvery, Duration temperatureEvery,
                                     Path diskUsagePath) {
        return create(interval, processCountEvery, temperatureEvery, diskUsagePath, System::nanoTime);
    }

    /** As above with the sampler's clock given (benchmarks replay a 10 Hz schedule faster than real time). */
    public static HostSampler create(Duration interval, Duration processCountEvery, Duration temperatureEvery,
                                     Path diskUsagePath, LongSupplier nanoClock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sampling interval must be > 0, was " + interval);
        }
        long cacheMs = Math.max(1, interval.toMillis() / 4);
        GlobalConfig.set(GlobalConfig.OSHI_UTIL_MEMOIZER_EXPIRATION, cacheMs);
        SystemInfo system = new SystemInfo();
        HardwareAbstractionLayer hardware = system.getHardware();
        IoCounterSource io = ProcfsIoCounters.available(PROC) ? new ProcfsIoCounters(PROC, SYS_BLOCK)
                : new OshiIoCounters(hardware);
        long ioEvery = io instanceof ProcfsIoCounters ? 0 : OSHI_IO_EVERY.toNanos();
        MemorySource memory = ProcfsMemory.available(PROC) ? new ProcfsMemory(PROC) : new OshiMemory(hardware.getMemory());
        CpuSource cpu = ProcfsCpu.available(PROC) ? new ProcfsCpu(PROC) : new OshiCpu(hardware.getProcessor());
        return new HostSampler(cpu, memory, system.getOperatingSystem(),
                hardware.getSensors(), io, diskUsagePath, nanoClock, processCountEvery.toNanos(),
                temperatureEvery.toNanos(), ioEvery);
    }
}
