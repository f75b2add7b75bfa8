package io.stressfw.agent.generator;

import io.stressfw.model.GeneratorReading;
import io.stressfw.model.ResourceKind;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Disk I/O load: block-sized reads, writes and seeks on one scratch file, at {@code operations_per_second x target}
 * through a token bucket. The file never grows past the disk cap; it is deleted on stop.
 */
public final class IoLoadGenerator implements LoadGenerator {
    public static final int BLOCK_BYTES = 4096;
    private static final long MB = 1024L * 1024L;
    private static final long MAX_PARK_NANOS = 100_000_000L;

    private final ScratchDirectory scratch;
    private final double configuredOpsPerSecond;
    private final double configuredDiskMb;
    private final double fileSizeMb;
    private final OperationMix mix;
    private final boolean fsync;
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final RateWindow opsRate = new RateWindow(1000);
    private final RateWindow bytesRate = new RateWindow(1000);
    private final Object lock = new Object();
    private volatile double opsPerSecondCap;
    private volatile double diskCapMb;
    private volatile double targetPercent;
    private final WorkerSlot worker = new WorkerSlot("agent-io", this::run);
    private volatile String lastError;
    private double lastBytesPerSecond;

    public IoLoadGenerator(ScratchDirectory scratch, double operationsPerSecond, OperationMix mix, double fileSizeMb,
                           double maxDiskMb, boolean fsync) {
        if (scratch == null || mix == null) {
            throw new IllegalArgumentException("scratch directory and operation mix are required");
        }
        if (Double.isNaN(operationsPerSecond) || operationsPerSecond < 0) {
            throw new IllegalArgumentException("operations_per_second must be >= 0, was " + operationsPerSecond);
        }
        if (Double.isNaN(fileSizeMb) || fileSizeMb < 1) {
            throw new IllegalArgumentException("file size must be >= 1 MB, was " + fileSizeMb);
        }
        if (Double.isNaN(maxDiskMb) || maxDiskMb < 0) {
            throw new IllegalArgumentException("max disk must be >= 0 MB, was " + maxDiskMb);
        }
        this.scratch = scratch;
        this.configuredOpsPerSecond = operationsPerSecond;
        this.opsPerSecondCap = operationsPerSecond;
        this.configuredDiskMb = maxDiskMb;
        this.diskCapMb = maxDiskMb;
        this.fileSizeMb = fileSizeMb;
        this.mix = mix;
        this.fsync = fsync;
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.IO;
    }

    public double configuredOpsPerSecond() {
        return configuredOpsPerSecond;
    }

    public double configuredDiskMb() {
        return configuredDiskMb;
    }

    public double diskCapMb() {
        return diskCapMb;
    }

    /** Lowers the rate and disk caps for the current command; null keeps the configured value; never raises. */
    public void limitCaps(Double opsPerSecond, Double diskMb) {
        opsPerSecondCap = opsPerSecond == null ? configuredOpsPerSecond : Math.min(configuredOpsPerSecond, Math.max(0, opsPerSecond));
        diskCapMb = diskMb == null ? configuredDiskMb : Math.min(configuredDiskMb, Math.max(0, diskMb));
    }

    @Override
    public double cap() {
        return opsPerSecondCap;
    }

    @Override
    public void setTarget(double percent) {
        LoadGenerator.checkPercent(percent);
        synchronized (lock) {
            targetPercent = percent;
            if (percent > 0 && !worker.running()) {
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

    /** Bytes read and written per second over the last second. */
    public synchronized double bytesPerSecond() {
        lastBytesPerSecond = bytesRate.update(System.nanoTime(), bytes.get());
        return lastBytesPerSecond;
    }

    @Override
    public GeneratorReading reading() {
        double iops = opsRate.update(System.nanoTime(), operations.get());
        bytesPerSecond();
        double cap = opsPerSecondCap;
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

    /** File size in bytes for the current caps, block-aligned, at least one block unless the disk cap is zero. */
    long fileBytes() {
        long capped = (long) (Math.min(fileSizeMb, diskCapMb) * MB);
        return capped / BLOCK_BYTES * BLOCK_BYTES;
    }

    private void run() {
        Thread self = Thread.currentThread();
        Path file = scratch.path().resolve("io-" + Long.toHexString(System.nanoTime()) + ".dat");
        SplittableRandom random = new SplittableRandom();
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_BYTES);
        byte[] pattern = new byte[BLOCK_BYTES];
        random.nextBytes(pattern);
        TokenBucket bucket = new TokenBucket(0, 0.1, System.nanoTime());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long position = 0;
            while (worker.owns(self)) {
                long size = fileBytes();
                double rate = opsPerSecondCap * targetPercent / 100;
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
            }
        } catch (IOException e) {
            lastError = "scratch file I/O failed: " + e.getMessage();
            System.getLogger(IoLoadGenerator.class.getName()).log(System.Logger.Level.WARNING, lastError);
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
}
