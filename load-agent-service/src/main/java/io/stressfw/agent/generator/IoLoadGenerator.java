package io.stressfw.agent.generator;

import io.stressfw.agent.host.DeviceRates;
import io.stressfw.agent.scope.ScopeShare;
import io.stressfw.model.Checks;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.LoadLimits;
import io.stressfw.model.ResourceKind;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Disk I/O load that reaches the device: block reads and writes on one scratch file, at
 * {@code operations_per_second x target x share} through a token bucket. The file is opened with {@code O_DIRECT}
 * ({@link com.sun.nio.file.ExtendedOpenOption#DIRECT}, buffers and offsets aligned to the file system's block), so
 * that neither a read nor a write stops at the page cache. A file system that refuses direct I/O (tmpfs, some FUSE
 * and overlay mounts) gets synced writes instead ({@code fdatasync} after each) over a working set as large as the
 * disk cap; its reads may then come from the page cache, and the device's own counters, reported beside the
 * generator's, show what reached the disk. The file is written in full when a run starts (not counted as
 * operations), never grows past the disk cap, and is deleted on stop. A worker that fails (a full disk, a scratch
 * directory gone) is restarted only after a back-off of 1 s doubling up to 30 s, not at the next tick.
 */
public final class IoLoadGenerator implements LoadGenerator {
    public static final int BLOCK_BYTES = 4096;
    private static final long MB = 1024L * 1024L;
    private static final long MAX_PARK_NANOS = 100_000_000L;
    private static final int FILL_BYTES = 1024 * 1024;
    static final long FIRST_BACKOFF_NANOS = 1_000_000_000L;
    static final long MAX_BACKOFF_NANOS = 30_000_000_000L;

    private final ScratchDirectory scratch;
    private final LoadCap opsCap;
    private final LoadCap diskCap;
    private final double fileSizeMb;
    private final OperationMix mix;
    private final boolean fsync;
    private final boolean directIo;
    private final ScopeShare share;
    private final DeviceRates device;
    private final String noDevice;
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final RateWindow opsRate = new RateWindow(1000);
    private final RateWindow bytesRate = new RateWindow(1000);
    private final Object lock = new Object();
    private volatile double targetPercent;
    private final WorkerSlot worker;
    private volatile String lastError;
    private volatile String mode;
    private final RestartBackoff backoff = new RestartBackoff(FIRST_BACKOFF_NANOS, MAX_BACKOFF_NANOS);

    private IoLoadGenerator(Builder builder) {
        this.scratch = builder.scratch;
        this.opsCap = LoadCap.named("io_ops_per_second", builder.operationsPerSecond).unit("iops", "ops/s")
                .limitedBy(LoadLimits::ioOpsPerSecond).build();
        this.diskCap = LoadCap.named("disk_mb", builder.maxDiskMb).unit("mb", "MB").limitedBy(LoadLimits::diskMb).build();
        this.fileSizeMb = builder.fileSizeMb;
        this.mix = builder.mix;
        this.fsync = builder.fsync;
        this.directIo = builder.directIo;
        this.share = builder.share;
        this.device = builder.device;
        this.noDevice = builder.noDevice;
        this.worker = new WorkerSlot(builder.loadThreads, "agent-io", this::run);
    }

    /**
     * A generator with the agent's default rate, mix, file size and disk cap, direct I/O and no extra fsync, alone
     * in its scope, working in {@code scratch}.
     */
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

    /** The scope's rate at 100% in force, in operations per second. */
    @Override
    public double cap() {
        return opsCap.effective();
    }

    @Override
    public double ownCap() {
        return share.share() * opsCap.effective();
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

    /** How the last run reached the device: {@code direct}, or {@code synced (...)} and why; null before any run. */
    public String mode() {
        return mode;
    }

    /** What the scratch directory's block device did over the last second, everyone's I/O; null when it has none. */
    public DeviceRates.Reading device() {
        return device == null ? null : device.update(System.nanoTime());
    }

    @Override
    public Map<String, String> notes() {
        Map<String, String> notes = new LinkedHashMap<>();
        String error = lastError;
        if (error != null) {
            notes.put("io", error);
        }
        String m = mode;
        if (m != null) {
            notes.put("io_mode", m);
        }
        if (device != null) {
            notes.put("io_device", device.device());
        } else if (noDevice != null) {
            notes.put("io_device", "none: " + noDevice);
        }
        return notes;
    }

    /** Bytes read and written per second over the last second. */
    public double bytesPerSecond() {
        return bytesRate.update(System.nanoTime(), bytes.get());
    }

    @Override
    public GeneratorReading reading() {
        double iops = opsRate.update(System.nanoTime(), operations.get());
        bytesPerSecond();
        // Against the agent's share of the scope's rate: N agents each at their share read as the scope at the target.
        double ownShare = ownCap();
        return new GeneratorReading(targetPercent, ownShare > 0 ? iops / ownShare * 100 : 0, iops, "iops");
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

    /** File size in bytes for the current caps, a whole number of blocks (none when the disk cap is below one). */
    long fileBytes(boolean direct, int block) {
        double mb = direct ? Math.min(fileSizeMb, diskCap.effective()) : diskCap.effective();
        long capped = (long) (mb * MB);
        return capped / block * block;
    }

    private void run() {
        Thread self = Thread.currentThread();
        long started = System.nanoTime();
        Path file = scratch.path().resolve("io-" + Long.toHexString(System.nanoTime()) + ".dat");
        try (Scratch open = open(file)) {
            loop(self, open);
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

    private void loop(Thread self, Scratch f) throws IOException {
        SplittableRandom random = new SplittableRandom();
        byte[] pattern = new byte[f.block];
        random.nextBytes(pattern);
        PacingBucket bucket = new PacingBucket(0, 0.1, System.nanoTime());
        long filled = 0;
        long position = 0;
        while (worker.owns(self)) {
            long size = fileBytes(f.direct, f.block);
            if (size < filled) {
                f.channel.truncate(size);
                filled = size;
            } else if (size > filled) {
                filled = fill(f, filled, size, self);
                continue;
            }
            double rate = ownCap() * targetPercent / 100;
            long now = System.nanoTime();
            bucket.setRate(rate, now);
            if (size < f.block || rate <= 0 || !bucket.tryTake(1, now)) {
                long wait = size < f.block ? MAX_PARK_NANOS : bucket.nanosUntil(1, now);
                LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, Math.max(100_000L, wait)));
                continue;
            }
            OperationMix.Operation op = mix.pick(random.nextDouble());
            if (op == OperationMix.Operation.SEEK) {
                position = random.nextLong(size / f.block) * f.block;
                op = mix.readOrWrite(random.nextDouble());
            }
            if (position + f.block > size) {
                position = 0;
            }
            ByteBuffer buffer = f.buffer;
            buffer.clear();
            if (op == OperationMix.Operation.READ) {
                int n = 0;
                while (buffer.hasRemaining()) {
                    int r = f.channel.read(buffer, position + buffer.position());
                    if (r < 0) {
                        break;
                    }
                    n += r;
                }
                bytes.addAndGet(n);
            } else {
                buffer.put(pattern).flip();
                while (buffer.hasRemaining()) {
                    f.channel.write(buffer, position + buffer.position());
                }
                bytes.addAndGet(f.block);
                if (!f.direct || fsync) {
                    // Without O_DIRECT a write ends in the page cache; fdatasync takes it to the device.
                    f.channel.force(false);
                }
            }
            position += f.block;
            operations.incrementAndGet();
            if (lastError != null) {
                // Working again: an old failure must not stay in the status.
                lastError = null;
            }
        }
    }

    /** Writes the file from {@code from} towards {@code size} in one step of up to 1 MB; returns the new end. */
    private long fill(Scratch f, long from, long size, Thread self) throws IOException {
        if (!worker.owns(self)) {
            return from;
        }
        ByteBuffer chunk = f.fillBuffer;
        chunk.clear();
        int length = (int) Math.min(chunk.capacity(), size - from);
        chunk.limit(length);
        while (chunk.hasRemaining()) {
            f.channel.write(chunk, from + chunk.position());
        }
        if (!f.direct) {
            f.channel.force(false);
        }
        return from + length;
    }

    /**
     * Opens the scratch file for direct I/O if wanted and the file system allows it, else for synced writes; a file
     * that cannot be created at all is an error, not a reason to give up direct I/O.
     */
    private Scratch open(Path file) throws IOException {
        String refusal = "direct I/O is off";
        if (directIo) {
            try {
                int block = Math.max(BLOCK_BYTES, (int) Math.min(1 << 20, Files.getFileStore(file.getParent()).getBlockSize()));
                FileChannel channel = FileChannel.open(file, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.READ, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT));
                mode = "direct";
                return new Scratch(channel, true, block);
            } catch (IOException | UnsupportedOperationException e) {
                Files.deleteIfExists(file);
                refusal = "the file system refused O_DIRECT: " + e.getMessage();
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        mode = "synced (" + refusal + ")";
        return new Scratch(channel, false, BLOCK_BYTES);
    }

    /** The open scratch file, with buffers aligned for direct I/O: the block buffer and the 1 MB fill buffer. */
    private static final class Scratch implements AutoCloseable {
        final FileChannel channel;
        final boolean direct;
        final int block;
        final ByteBuffer buffer;
        final ByteBuffer fillBuffer;

        Scratch(FileChannel channel, boolean direct, int block) {
            this.channel = channel;
            this.direct = direct;
            this.block = block;
            this.buffer = aligned(block, block);
            this.fillBuffer = aligned(Math.max(block, FILL_BYTES / block * block), block);
        }

        private static ByteBuffer aligned(int size, int alignment) {
            return ByteBuffer.allocateDirect(size + alignment).alignedSlice(alignment).limit(size).slice();
        }

        @Override
        public void close() throws IOException {
            channel.close();
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
        private boolean directIo = true;
        private ScopeShare share = ScopeShare.ALONE;
        private DeviceRates device;
        private String noDevice;

        private Builder(LoadThreads loadThreads, ScratchDirectory scratch) {
            this.loadThreads = Checks.notNull(loadThreads, "load threads");
            this.scratch = Checks.notNull(scratch, "scratch directory");
        }

        /** The scope's rate at 100% load; commands may only lower it. */
        public Builder operationsPerSecond(double operationsPerSecond) {
            this.operationsPerSecond = Checks.nonNegative(operationsPerSecond, "operations_per_second");
            return this;
        }

        public Builder mix(OperationMix mix) {
            this.mix = Checks.notNull(mix, "operation mix");
            return this;
        }

        /** The scratch file's size with direct I/O; the disk cap bounds it too. */
        public Builder fileSizeMb(double fileSizeMb) {
            if (Double.isNaN(fileSizeMb) || fileSizeMb < 1) {
                throw new IllegalArgumentException("file size must be >= 1 MB, was " + Checks.format(fileSizeMb));
            }
            this.fileSizeMb = fileSizeMb;
            return this;
        }

        /** The disk cap; commands may only lower it. Without direct I/O it is the working set's size. */
        public Builder maxDiskMb(double maxDiskMb) {
            this.maxDiskMb = Checks.nonNegative(maxDiskMb, "max disk (MB)");
            return this;
        }

        /** Whether every write is also forced to the device with direct I/O (without it, every write is). */
        public Builder fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        /** Whether to try O_DIRECT first (default); off, writes are synced instead. */
        public Builder directIo(boolean directIo) {
            this.directIo = directIo;
            return this;
        }

        /** This agent's part of the scope; default: alone. */
        public Builder share(ScopeShare share) {
            this.share = Checks.notNull(share, "scope share");
            return this;
        }

        /** The scratch directory's block device, whose own counters are reported beside the generator's. */
        public Builder device(DeviceRates device) {
            this.device = Checks.notNull(device, "device rates");
            return this;
        }

        /** Why there is no block device to report (tmpfs, overlay without one). */
        public Builder noDevice(String reason) {
            this.noDevice = Checks.notBlank(reason, "reason");
            return this;
        }

        public IoLoadGenerator build() {
            return new IoLoadGenerator(this);
        }
    }
}
