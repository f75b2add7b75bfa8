package io.stressfw.agent.generator;

import io.stressfw.model.GeneratorReading;
import io.stressfw.model.ResourceKind;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Memory load: resident off-heap chunks that grow and shrink with the target, never beyond the cap. A chunk that
 * would cross the cap, run the JVM out of direct memory, or leave the host with less than the reserve is refused and
 * reported instead of allocated.
 */
public final class MemoryLoadGenerator implements LoadGenerator {
    private static final long MB = 1024L * 1024L;
    private static final long IDLE_PARK_NANOS = 20_000_000L;

    private final double configuredCapMb;
    private final int chunkMb;
    private final long reserveBytes;
    private final Supplier<OptionalLong> availableBytes;
    private final Object lock = new Object();
    private final List<ByteBuffer> chunks = new ArrayList<>();
    private volatile double capMb;
    private volatile double targetPercent;
    private final WorkerSlot worker = new WorkerSlot("agent-memory", this::run);
    private volatile String lastRefusal;
    private volatile long refusals;

    /**
     * @param capMb          the agent's own cap; commands may only lower it
     * @param reserveMb      memory the host must keep available after any chunk
     * @param availableBytes the host's currently available memory (MemAvailable), empty when unknown
     */
    public MemoryLoadGenerator(double capMb, int chunkMb, double reserveMb, Supplier<OptionalLong> availableBytes) {
        if (Double.isNaN(capMb) || capMb < 0) {
            throw new IllegalArgumentException("memory cap must be >= 0 MB, was " + capMb);
        }
        if (chunkMb < 1 || chunkMb > 1024) {
            throw new IllegalArgumentException("memory chunk size must be between 1 and 1024 MB, was " + chunkMb);
        }
        if (Double.isNaN(reserveMb) || reserveMb < 0) {
            throw new IllegalArgumentException("memory reserve must be >= 0 MB, was " + reserveMb);
        }
        this.configuredCapMb = capMb;
        this.capMb = capMb;
        this.chunkMb = chunkMb;
        this.reserveBytes = (long) (reserveMb * MB);
        this.availableBytes = availableBytes;
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.MEMORY;
    }

    public double configuredCapMb() {
        return configuredCapMb;
    }

    /** Lowers the cap for the current command (never above the configured cap); null restores the configured cap. */
    public void limitCap(Double requestedMb) {
        capMb = requestedMb == null ? configuredCapMb : Math.min(configuredCapMb, Math.max(0, requestedMb));
    }

    @Override
    public double cap() {
        return capMb;
    }

    @Override
    public void setTarget(double percent) {
        LoadGenerator.checkPercent(percent);
        synchronized (lock) {
            if (percent != targetPercent) {
                lastRefusal = null;
            }
            targetPercent = percent;
            if (percent > 0 && !worker.running()) {
                worker.start();
            }
        }
    }

    @Override
    public double targetPercent() {
        return targetPercent;
    }

    public long allocatedBytes() {
        synchronized (lock) {
            return (long) chunks.size() * chunkMb * MB;
        }
    }

    public double allocatedMb() {
        return allocatedBytes() / (double) MB;
    }

    public String lastRefusal() {
        return lastRefusal;
    }

    public long refusals() {
        return refusals;
    }

    @Override
    public GeneratorReading reading() {
        double allocated = allocatedMb();
        double cap = capMb;
        return new GeneratorReading(targetPercent, cap > 0 ? allocated / cap * 100 : 0, allocated, "mb");
    }

    @Override
    public void stopNow() {
        synchronized (lock) {
            targetPercent = 0;
            worker.stop();
            releaseAll();
        }
    }

    @Override
    public int activeThreads() {
        return worker.activeThreads();
    }

    /** Chunks wanted for the current target and cap, rounded down so the cap is never crossed. */
    int wantedChunks() {
        double wantedMb = Math.min(capMb, capMb * targetPercent / 100);
        return (int) Math.floor(wantedMb / chunkMb + 1e-9);
    }

    private void run() {
        Thread self = Thread.currentThread();
        while (worker.owns(self)) {
            int have;
            int wanted;
            synchronized (lock) {
                have = chunks.size();
                wanted = wantedChunks();
                while (have > wanted) {
                    DirectMemory.release(chunks.remove(chunks.size() - 1));
                    have--;
                }
            }
            if (have < wanted && lastRefusal == null) {
                grow(self);
            } else {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
    }

    private void grow(Thread self) {
        long chunkBytes = chunkMb * MB;
        String refusal = refusalFor(chunkBytes);
        if (refusal != null) {
            refuse(refusal);
            return;
        }
        ByteBuffer chunk;
        try {
            chunk = DirectMemory.allocateResident((int) chunkBytes);
        } catch (OutOfMemoryError e) {
            refuse("the JVM's direct memory is exhausted (" + e.getMessage() + "); raise -XX:MaxDirectMemorySize");
            return;
        }
        synchronized (lock) {
            // A stop or a lower target may have come in while the pages were being written.
            if (!worker.owns(self) || chunks.size() >= wantedChunks()) {
                DirectMemory.release(chunk);
            } else {
                chunks.add(chunk);
            }
        }
    }

    private String refusalFor(long chunkBytes) {
        long after = allocatedBytes() + chunkBytes;
        if (after > capMb * MB + 1) {
            return "allocating " + chunkMb + " MB would cross the memory cap of " + Math.round(capMb) + " MB";
        }
        OptionalLong available = availableBytes.get();
        if (available.isPresent() && available.getAsLong() - chunkBytes < reserveBytes) {
            return "allocating " + chunkMb + " MB would leave the host " + (available.getAsLong() - chunkBytes) / MB
                    + " MB available, below the reserve of " + reserveBytes / MB + " MB";
        }
        long directFree = DirectMemory.maxDirectBytes() - DirectMemory.usedDirectBytes();
        if (chunkBytes > directFree) {
            return "allocating " + chunkMb + " MB would exceed the JVM's direct memory limit ("
                    + DirectMemory.maxDirectBytes() / MB + " MB); raise -XX:MaxDirectMemorySize";
        }
        return null;
    }

    private void refuse(String reason) {
        refusals++;
        lastRefusal = reason;
        System.getLogger(MemoryLoadGenerator.class.getName()).log(System.Logger.Level.WARNING,
                "Memory allocation refused: " + reason);
    }

    private void releaseAll() {
        for (ByteBuffer chunk : chunks) {
            DirectMemory.release(chunk);
        }
        chunks.clear();
    }
}
