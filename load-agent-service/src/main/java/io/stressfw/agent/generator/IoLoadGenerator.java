package io.stressfw.agent.generator;

import io.stressfw.model.Checks;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.LoadLimits;
import io.stressfw.model.ResourceKind;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Disk I/O load: block-sized reads, writes and seeks on one scratch file, at {@code operations_per_second x target}
 * through a token bucket. The file never grows past the disk cap; it is deleted on stop. A worker that fails (a full
 * disk, a scratch directory gone) is restarted only after a back-off of 1 s doubling up to 30 s, not at the next tick.
 */
public final class IoLoadGenerator implements LoadGenerator {
    public static final int BLOCK_BYTES = 4096;
    private static final long MB = 1024L * 1024L;
    private static final long MAX_PARK_NANOS = 100_000_000L;
    static final long FIRST_BACKOFF_NANOS = 1_000_000_000L;
    static final long MAX_BACKOFF_NANOS = 30_000_000_000L;

    private final ScratchDirectory scratch;
    private final LoadCap opsCap;
    private final LoadCap diskCap;
    private final double fileSizeMb;
    private final OperationMix mix;
    private final boolean fsync;
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final RateWindow opsRate = new RateWindow(1000);
    private final RateWindow bytesRate = new RateWindow(1000);
    private final Object lock = new Object();
    private volatile double targetPercent;
    private final WorkerSlot worker;
    private volatile String lastError;
    private final RestartBackoff backoff = new RestartBackoff(FIRST_BACKOFF_NANOS, MAX_BACKOFF_NANOS);
    private double lastBytesPerSecond;

    private IoLoadGenerator(Builder builder) {
        this.scratch = builder.scratch;
        this.opsCap = LoadCap.named("io_ops_per_second", builder.operationsPerSecond).unit("iops", "ops/s")
                .limitedBy(LoadLimits::ioOpsPerSecond).build();
        this.diskCap = LoadCap.named("disk_mb", builder.maxDiskMb).unit("mb", "MB").limitedBy(LoadLimits::diskMb).build();
        this.fileSizeMb = builder.fileSizeMb;
        this.mix = builder.mix;
        this.fsync = builder.fsync;
        this.worker = new WorkerSlot(builder.loadThreads, "agent-io", this::run);
    }

    /** A generator with the agent's default rate, mix, file size, disk cap and no fsync, working in {@code scratch}. */
    public static Builder builder(LoadThreads loadThreads, ScratchDirectory scratch) {
        return new Builder(loadThreads, scratch);
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.IO;
    }

    /** The disk cap in force, in MB. */
    public double diskCapMb() {
        return diskCap.effective();
    }

    /** The rate at 100% in force, in operations per second. */
    @Override
    public double cap() {
        return opsCap.effective();
    }

    @Override
    public List<LoadCap> caps() {
        return List.of(diskCap, opsCap);
    }

    @Override
    public void setTarget(double percent) {
        Checks.between(percent, 0, 100, "target percent");
        synchronized (lock) {
            targetPercent = percent;
            if (percent > 0 && !worker.running() && backoff.mayStart(System.nanoTime())) {
                worker.start();
            }
        }
        worker.wake();
    }

    @Override
    public double targetPercent() {
        return targetPercent;
    }

    public long operations() {
        return operations.get();
    }

    /** Bytes read and written since the generator was created. */
    public long bytesTransferred() {
        return bytes.get();
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public Map<String, String> notes() {
        String error = lastError;
        return error == null ? Map.of() : Map.of("io", error);
    }

    /** Bytes read and written per second over the last second. */
    public synchronized double bytesPerSecond() {
        lastBytesPerSecond = bytesRate.update(System.nanoTime(), bytes.get());
        return lastBytesPerSecond;
    }

    @Override
    public GeneratorReading reading() {
        double iops = opsRate.update(System.nanoTime(), operations.get());
        bytesPerSecond();
        double cap = opsCap.effective();
        return new GeneratorReading(targetPercent, cap > 0 ? iops / cap * 100 : 0, iops, "iops");
    }

    @Override
    public void stopNow() {
        synchronized (lock) {
            targetPercent = 0;
            worker.stop();
        }
        // Unlinking under a worker that is still finishing its last operation is fine on POSIX; it exits right after.
        scratch.deleteDataFiles();
    }

    @Override
    public int activeThreads() {
        return worker.activeThreads();
    }

    public int scratchFiles() {
        return scratch.fileCount();
    }

    @Override
    public HeldResources held() {
        return new HeldResources(activeThreads(), scratchFiles(), 0, 0);
    }

    /** File size in bytes for the current caps, block-aligned, at least one block unless the disk cap is zero. */
    long fileBytes() {
        long capped = (long) (Math.min(fileSizeMb, diskCap.effective()) * MB);
        return capped / BLOCK_BYTES * BLOCK_BYTES;
    }

    private void run() {
        Thread self = Thread.currentThread();
        long started = System.nanoTime();
        Path file = scratch.path().resolve("io-" + Long.toHexString(System.nanoTime()) + ".dat");
        SplittableRandom random = new SplittableRandom();
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_BYTES);
        byte[] pattern = new byte[BLOCK_BYTES];
        random.nextBytes(pattern);
        PacingBucket bucket = new PacingBucket(0, 0.1, System.nanoTime());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long position = 0;
            while (worker.owns(self)) {
                long size = fileBytes();
                double rate = opsCap.effective() * targetPercent / 100;
                long now = System.nanoTime();
                bucket.setRate(rate, now);
                if (size < BLOCK_BYTES || rate <= 0 || !bucket.tryTake(1, now)) {
                    long wait = size < BLOCK_BYTES ? MAX_PARK_NANOS : bucket.nanosUntil(1, now);
                    LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, Math.max(100_000L, wait)));
                    continue;
                }
                if (channel.size() > size) {
                    channel.truncate(size);
                }
                if (position + BLOCK_BYTES > size) {
                    position = 0;
                }
                switch (mix.pick(random.nextDouble())) {
                    case READ -> {
                        block.clear();
                        int n = channel.read(block, position);
                        bytes.addAndGet(Math.max(0, n));
                        position += BLOCK_BYTES;
                    }
                    case WRITE -> {
                        block.clear();
                        block.put(pattern).flip();
                        while (block.hasRemaining()) {
                            channel.write(block, position + block.position());
                        }
                        bytes.addAndGet(BLOCK_BYTES);
                        position += BLOCK_BYTES;
                        if (fsync) {
                            channel.force(false);
                        }
                    }
                    case SEEK -> position = random.nextLong(size / BLOCK_BYTES) * BLOCK_BYTES;
                }
                operations.incrementAndGet();
                if (lastError != null) {
                    // Working again: an old failure must not stay in the status.
                    lastError = null;
                }
            }
        } catch (IOException | RuntimeException e) {
            failed(started, e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                lastError = "cannot delete " + file + ": " + e.getMessage();
            }
            synchronized (lock) {
                if (worker.release(self)) {
                    targetPercent = 0;
                }
            }
        }
    }

    private void failed(long started, Exception e) {
        long wait;
        int failures;
        synchronized (lock) {
            long now = System.nanoTime();
            backoff.failed(started, now);
            wait = backoff.waitMs(now);
            failures = backoff.failures();
        }
        lastError = "scratch file I/O failed" + (failures > 1 ? " " + failures + " times in a row" : "") + ": " + e
                + "; next attempt in " + wait + " ms";
        System.getLogger(IoLoadGenerator.class.getName()).log(System.Logger.Level.WARNING, lastError);
    }

    public static final class Builder {
        private final LoadThreads loadThreads;
        private final ScratchDirectory scratch;
        private double operationsPerSecond = 500;
        private OperationMix mix = new OperationMix(0.5, 0.4, 0.1);
        private double fileSizeMb = 16;
        private double maxDiskMb = 64;
        private boolean fsync;

        private Builder(LoadThreads loadThreads, ScratchDirectory scratch) {
            this.loadThreads = Checks.notNull(loadThreads, "load threads");
            this.scratch = Checks.notNull(scratch, "scratch directory");
        }

        /** The rate at 100% load; commands may only lower it. */
        public Builder operationsPerSecond(double operationsPerSecond) {
            this.operationsPerSecond = Checks.nonNegative(operationsPerSecond, "operations_per_second");
            return this;
        }

        public Builder mix(OperationMix mix) {
            this.mix = Checks.notNull(mix, "operation mix");
            return this;
        }

        /** The scratch file's size; the disk cap bounds it too. */
        public Builder fileSizeMb(double fileSizeMb) {
            if (Double.isNaN(fileSizeMb) || fileSizeMb < 1) {
                throw new IllegalArgumentException("file size must be >= 1 MB, was " + Checks.format(fileSizeMb));
            }
            this.fileSizeMb = fileSizeMb;
            return this;
        }

        /** The disk cap; commands may only lower it. */
        public Builder maxDiskMb(double maxDiskMb) {
            this.maxDiskMb = Checks.nonNegative(maxDiskMb, "max disk (MB)");
            return this;
        }

        /** Whether every write is forced to the device. */
        public Builder fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        public IoLoadGenerator build() {
            return new IoLoadGenerator(this);
        }
    }
}
