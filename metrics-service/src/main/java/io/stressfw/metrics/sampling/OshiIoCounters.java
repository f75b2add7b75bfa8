package io.stressfw.metrics.sampling;

import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

import java.util.List;

/**
 * Disk and network counters through OSHI, for hosts without procfs. The device lists are taken once; each read
 * refreshes them in place ({@code updateAttributes}), which is costly, so the sampler reads these less often.
 */
public final class OshiIoCounters implements IoCounterSource {
    private final List<HWDiskStore> disks;
    private final List<NetworkIF> interfaces;

    public OshiIoCounters(HardwareAbstractionLayer hardware) {
        this.disks = hardware.getDiskStores();
        this.interfaces = hardware.getNetworkIFs().stream().filter(n -> !n.getName().startsWith("lo")).toList();
    }

    @Override
    public String name() {
        return "oshi";
    }

    @Override
    public IoCounters read() {
        long reads = 0, writes = 0, readBytes = 0, writeBytes = 0, rx = 0, tx = 0;
        for (HWDiskStore disk : disks) {
            disk.updateAttributes();
            reads += disk.getReads();
            writes += disk.getWrites();
            readBytes += disk.getReadBytes();
            writeBytes += disk.getWriteBytes();
        }
        for (NetworkIF nif : interfaces) {
            nif.updateAttributes();
            rx += nif.getBytesRecv();
            tx += nif.getBytesSent();
        }
        boolean haveDisks = !disks.isEmpty();
        boolean haveNet = !interfaces.isEmpty();
        return new IoCounters(haveDisks ? reads : -1, haveDisks ? writes : -1, haveDisks ? readBytes : -1,
                haveDisks ? writeBytes : -1, haveNet ? rx : -1, haveNet ? tx : -1);
    }
}
