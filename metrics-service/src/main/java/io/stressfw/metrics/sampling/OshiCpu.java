package io.stressfw.metrics.sampling;

import oshi.hardware.CentralProcessor;

/** CPU ticks and load average through OSHI, for hosts without procfs. */
public final class OshiCpu implements CpuSource {
    private final CentralProcessor processor;
    private final int cores;

    public OshiCpu(CentralProcessor processor) {
        this.processor = processor;
        this.cores = processor.getLogicalProcessorCount();
    }

    @Override
    public int coreCount() {
        return cores;
    }

    @Override
    public long[][] coreTicks() {
        return processor.getProcessorCpuLoadTicks();
    }

    @Override
    public double loadAverage() {
        return processor.getSystemLoadAverage(1)[0];
    }

    @Override
    public String name() {
        return "oshi";
    }
}
