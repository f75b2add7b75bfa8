package io.stressfw.metrics.sampling;

import oshi.hardware.GlobalMemory;
import oshi.hardware.VirtualMemory;

/** Memory through OSHI, for hosts without procfs; the installed total is read once, it does not change. */
public final class OshiMemory implements MemorySource {
    private final GlobalMemory memory;
    private final VirtualMemory virtualMemory;
    private final long total;

    public OshiMemory(GlobalMemory memory) {
        this.memory = memory;
        this.virtualMemory = memory.getVirtualMemory();
        this.total = memory.getTotal();
    }

    @Override
    public MemoryCounters read() {
        return new MemoryCounters(total, memory.getAvailable(), virtualMemory.getSwapTotal(), virtualMemory.getSwapUsed());
    }
}
