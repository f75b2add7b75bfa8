package io.stressfw.agent.generator;

import io.stressfw.agent.scope.ScopeShare;
import io.stressfw.model.Checks;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.LoadLimits;
import io.stressfw.model.ResourceKind;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Memory load: resident off-heap chunks that grow and shrink with the target, never beyond the cap. The target and
 * the cap are the scope's (the host's or the container's memory): this agent holds its share of target x cap, and
 * never more than the memory it can hold itself (its direct-memory limit, its own container). So that the agents of a
 * scope together never exceed its cap, an agent takes no memory before it has heard its peers, and holds back a
 * chunk that would put it and what its peers say they hold above the cap, until they have shrunk to their new share.
 * Growth is paced to a share of one core ({@link GrowthPacer}): the pages' CPU cost is load no phase asked for,
 * except where the CPU target leaves room for it ({@link Builder#cpuHeadroom}).
 * A chunk that would cross the cap, run the JVM out of direct memory, or leave the host with less than the reserve is
 * refused and reported instead of allocated.
 */
public final class MemoryLoadGenerator implements LoadGenerator {
    private static final long MB = 1024L * 1024L;
    private static final long IDLE_PARK_NANOS = 20_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int chunkMb;
    private final long reserveBytes;
    private final Supplier<OptionalLong> availableBytes;
    private final LoadCap memoryCap;
    private final ScopeShare share;
    private final double ownBoundMb;
    private final GrowthPacer pacer;
    private final DoubleSupplier cpuHeadroom;
    private final Object lock = new Object();
    private final List<ByteBuffer> chunks = new ArrayList<>();
    private volatile double targetPercent;
    private final WorkerSlot worker;
    private volatile String lastRefusal;
    private volatile String waiting;
    private volatile long refusals;

    private MemoryLoadGenerator(Builder builder) {
        this.memoryCap = LoadCap.named("memory_mb", builder.capMb).unit("mb", "MB").limitedBy(LoadLimits::memoryMb).build();
        this.chunkMb = builder.chunkMb;
        this.reserveBytes = (long) (builder.reserveMb * MB);
        this.availableBytes = builder.availableBytes;
        this.share = builder.share;
        this.ownBoundMb = builder.ownBoundMb;
        this.pacer = new GrowthPacer(builder.growthCpuShare);
        this.cpuHeadroom = builder.cpuHeadroom;
        this.worker = new WorkerSlot(builder.loadThreads, "agent-memory", this::run);
    }

    /**
     * A generator with a cap of {@code capMb} (the scope's; commands may only lower it), alone in its scope, and the
     * agent's default chunk size and host reserve, which applies only once {@link Builder#availableBytes} can read
     * the host's available memory; its worker is one of {@code loadThreads}.
     */
    public static Builder builder(LoadThreads loadThreads, double capMb) {
        return new Builder(loadThreads, capMb);
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.MEMORY;
    }

    @Override
    public double cap() {
        return memoryCap.effective();
    }

    @Override
    public double ownCap() {
        return Math.min(share.share() * memoryCap.effective(), ownBoundMb);
    }

    @Override
    public List<LoadCap> caps() {
        return List.of(memoryCap);
    }

    @Override
    public void setTarget(double percent) {
        Checks.between(percent, 0, 100, "target percent");
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

    @Override
    public Map<String, String> notes() {
        Map<String, String> notes = new LinkedHashMap<>();
        String refusal = lastRefusal;
        if (refusal != null) {
            notes.put("memory_refusal", refusal);
        }
        String wait = waiting;
        if (wait != null && targetPercent > 0) {
            notes.put("memory_waiting", wait);
        }
        return notes;
    }

    public long refusals() {
        return refusals;
    }

    @Override
    public GeneratorReading reading() {
        double allocated = allocatedMb();
        // Against the agent's share of the cap: N agents each at their share read as the scope at the target.
        double ownShare = share.share() * memoryCap.effective();
        return new GeneratorReading(targetPercent, ownShare > 0 ? allocated / ownShare * 100 : 0, allocated, "mb");
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

    @Override
    public HeldResources held() {
        return new HeldResources(activeThreads(), 0, 0, allocatedMb());
    }

    /**
     * Chunks wanted for the current target: the nearest whole number of chunks (half down), never more than fit in
     * this agent's part of the cap. Rounding down instead would leave an agent whose share is under one chunk (several
     * agents sharing a small cap) at zero, however long the phase held.
     */
    int wantedChunks() {
        double ownCap = ownCap();
        double wantedMb = Math.min(ownCap, share.share() * memoryCap.effective() * targetPercent / 100);
        int nearest = (int) Math.floor(wantedMb / chunkMb + 0.5 - 1e-9);
        return Math.min(nearest, (int) Math.floor(ownCap / chunkMb + 1e-9));
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
            if (have >= wanted) {
                waiting = null;
            }
            long paced = have < wanted ? pacer.nanosUntilNext(System.nanoTime()) : 0;
            if (have < wanted && paced == 0 && lastRefusal == null && mayGrow()) {
                grow(self);
            } else if (paced > 0) {
                LockSupport.parkNanos(Math.min(paced, IDLE_PARK_NANOS));
            } else {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
    }

    /**
     * Whether the scope leaves room for one more chunk now: the agent knows its peers, and what they say they hold
     * plus this agent's memory and the chunk stay within the scope's cap. A peer that has to give memory back after
     * a join does so within a heartbeat or two; until then this agent waits rather than overcommits.
     */
    private boolean mayGrow() {
        if (!share.settled()) {
            waiting = "waiting to hear the other agents in this scope before taking memory";
            return false;
        }
        double peers = share.peerMemoryMb();
        if (allocatedMb() + chunkMb + peers > memoryCap.effective() + 1e-6) {
            waiting = "the other agents in this scope hold " + Math.round(peers) + " MB of the " + Math.round(memoryCap.effective())
                    + " MB cap; waiting for them to give back what is above their share";
            return false;
        }
        waiting = null;
        return true;
    }

    private void grow(Thread self) {
        long chunkBytes = chunkMb * MB;
        String refusal = refusalFor(chunkBytes);
        if (refusal != null) {
            refuse(refusal);
            return;
        }
        ByteBuffer chunk;
        long started = System.nanoTime();
        long startedCpu = THREADS.getCurrentThreadCpuTime();
        try {
            chunk = DirectMemory.allocateResident((int) chunkBytes);
        } catch (OutOfMemoryError e) {
            refuse("the JVM's direct memory is exhausted (" + e.getMessage() + "); raise -XX:MaxDirectMemorySize");
            return;
        }
        long ended = System.nanoTime();
        long endedCpu = THREADS.getCurrentThreadCpuTime();
        // Wall time when this JVM cannot read a thread's CPU time: never less than the CPU, so the bound still holds.
        long cost = startedCpu < 0 || endedCpu < 0 ? ended - started : endedCpu - startedCpu;
        pacer.grew(ended, cost, cpuHeadroom.getAsDouble());
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
        double cap = memoryCap.effective();
        if (after > cap * MB + 1) {
            return "allocating " + chunkMb + " MB would cross the memory cap of " + Math.round(cap) + " MB";
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

    public static final class Builder {
        private final LoadThreads loadThreads;
        private final double capMb;
        private int chunkMb = 10;
        private double reserveMb = 256;
        private Supplier<OptionalLong> availableBytes = OptionalLong::empty;
        private ScopeShare share = ScopeShare.ALONE;
        private double ownBoundMb = Double.MAX_VALUE;
        private double growthCpuShare = 0.25;
        private DoubleSupplier cpuHeadroom = () -> Double.NaN;

        private Builder(LoadThreads loadThreads, double capMb) {
            this.loadThreads = Checks.notNull(loadThreads, "load threads");
            this.capMb = Checks.nonNegative(capMb, "memory cap (MB)");
        }

        /** The allocation step, 1 to 1024 MB. */
        public Builder chunkMb(int chunkMb) {
            Checks.between(chunkMb, 1, 1024, "memory chunk size (MB)");
            this.chunkMb = chunkMb;
            return this;
        }

        /** Memory the host must keep available after any chunk; a chunk that would break it is refused. */
        public Builder reserveMb(double reserveMb) {
            this.reserveMb = Checks.nonNegative(reserveMb, "memory reserve (MB)");
            return this;
        }

        /** The host's currently available memory (MemAvailable), empty when unknown. */
        public Builder availableBytes(Supplier<OptionalLong> availableBytes) {
            this.availableBytes = Checks.notNull(availableBytes, "available memory source");
            return this;
        }

        /** This agent's part of the scope and what its peers there hold; default: alone. */
        public Builder share(ScopeShare share) {
            this.share = Checks.notNull(share, "scope share");
            return this;
        }

        /** The most this agent can hold itself, whatever its share (its direct-memory limit, its own container). */
        public Builder ownBoundMb(double ownBoundMb) {
            this.ownBoundMb = Checks.nonNegative(ownBoundMb, "own memory bound (MB)");
            return this;
        }

        /**
         * The part of one core that writing new chunks may take, over 0 and up to 1 (1: as fast as the machine pages
         * memory in); default 0.25. See {@link GrowthPacer}.
         */
        public Builder growthCpuShare(double growthCpuShare) {
            this.growthCpuShare = GrowthPacer.checkedShare(growthCpuShare);
            return this;
        }

        /**
         * What the CPU target leaves beside growth now, in cores, negative when the host is over it: in host scope the
         * CPU generator's {@link CpuLoadGenerator#headroomCores}, since its workers burn that much less for every core
         * the pages take (it counts this agent's other generators against the target at once). Growth may take it, up
         * to a whole core, above {@link #growthCpuShare}; default none (NaN: nothing to trade).
         */
        public Builder cpuHeadroom(DoubleSupplier cpuHeadroom) {
            this.cpuHeadroom = Checks.notNull(cpuHeadroom, "CPU headroom for memory growth");
            return this;
        }

        public MemoryLoadGenerator build() {
            return new MemoryLoadGenerator(this);
        }
    }
}
