package io.stressfw.agent.generator;

import io.stressfw.agent.host.BlockDevice;
import io.stressfw.agent.host.DeviceRates;
import io.stressfw.model.LoadLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

class IoLoadGeneratorTest {
    @TempDir
    Path base;
    private final LoadThreads loadThreads = new LoadThreads();
    private ScratchDirectory scratch;
    private IoLoadGenerator io;

    @BeforeEach
    void setUp() {
        scratch = new ScratchDirectory(base, "io-test");
    }

    @AfterEach
    void tearDown() {
        if (io != null) {
            io.stopNow();
        }
        scratch.close();
    }

    @Test
    void runsOperationsButNeverFasterThanTheTargetShareOfTheConfiguredRate() throws InterruptedException {
        io = generator(200, new OperationMix(0.5, 0.4, 0.1), 1, 4);
        io.setTarget(50);
        await().atMost(Duration.ofSeconds(5)).until(() -> io.operations() > 0);
        long start = System.nanoTime();
        long before = io.operations();
        // A measurement window: however late it ends, the bound below grows with its measured length.
        Thread.sleep(1500);
        long after = io.operations();
        double seconds = (System.nanoTime() - start) / 1e9;
        // 100 ops/s over the window, plus at most the bucket's 0.1 s burst and the operation in flight.
        assertThat(after - before).isBetween(1L, (long) (100 * seconds) + 11);
    }

    @Test
    void deletesItsScratchFileOnStop() {
        io = generator(200, new OperationMix(0, 1, 0), 1, 4);
        io.setTarget(50);
        await().atMost(Duration.ofSeconds(2)).until(() -> io.scratchFiles() == 1 && io.operations() > 5);
        io.stopNow();
        assertThat(io.scratchFiles()).isZero();
        assertThat(io.activeThreads()).isZero();
        assertThat(io.held()).isEqualTo(HeldResources.NONE);
    }

    @Test
    void theScratchFileNeverGrowsPastTheDiskCap() throws IOException {
        io = generator(5000, new OperationMix(0, 1, 0), 8, 1);
        io.applyLimits(new LoadLimits(null, 0.25, null, null));
        io.setTarget(100);
        await().atMost(Duration.ofSeconds(3)).until(() -> io.operations() > 1000);
        try (Stream<Path> files = Files.list(scratch.path())) {
            long biggest = files.filter(p -> p.toString().endsWith(".dat")).mapToLong(p -> p.toFile().length()).max().orElse(0);
            assertThat(biggest).isLessThanOrEqualTo(256 * 1024);
        }
    }

    @Test
    void aCommandLimitNeverRaisesTheRate() {
        io = generator(200, new OperationMix(1, 0, 0), 1, 4);
        io.applyLimits(new LoadLimits(null, 1_000.0, null, 10_000.0));
        assertThat(io.cap()).isEqualTo(200);
        assertThat(io.diskCapMb()).isEqualTo(4);
        io.applyLimits(new LoadLimits(null, 2.0, null, 50.0));
        assertThat(io.cap()).isEqualTo(50);
        assertThat(io.diskCapMb()).isEqualTo(2);
    }

    /**
     * Reads with O_DIRECT are not served by the page cache: the scratch directory's block device completes at least as
     * many reads as the generator made (other processes' I/O can only add to the device's count).
     */
    @Test
    void directReadsReachTheDevice() {
        BlockDevice.Found found = BlockDevice.under(scratch.path());
        assumeThat(found.present()).as("the temporary directory is on a block device: " + found.reason()).isTrue();
        io = IoLoadGenerator.builder(loadThreads, scratch).operationsPerSecond(200).mix(new OperationMix(1, 0, 1))
                .fileSizeMb(4).maxDiskMb(8).device(new DeviceRates(found.device(), 1000)).build();
        io.setTarget(100);
        await().atMost(Duration.ofSeconds(5)).until(() -> io.operations() > 0);
        assumeThat(io.mode()).as("this file system takes O_DIRECT").isEqualTo("direct");
        BlockDevice.DiskCounters before = found.device().read();
        long opsBefore = io.operations();
        await().atMost(Duration.ofSeconds(10)).until(() -> io.operations() - opsBefore >= 200);
        long ops = io.operations() - opsBefore;
        BlockDevice.DiskCounters after = found.device().read();

        // The request in flight at either end of the window may be counted on one side only.
        assertThat(after.reads() - before.reads()).isGreaterThanOrEqualTo(ops - 2);
        assertThat(io.notes()).containsEntry("io_mode", "direct").containsEntry("io_device", found.device().name());
        // Rates need two readings of the device's counters at least 50 ms apart.
        await().atMost(Duration.ofSeconds(2)).until(() -> io.device() != null);
        assertThat(io.device().device()).isEqualTo(found.device().name());
    }

    /** Without O_DIRECT every write is synced: the device completes at least as many writes as the generator made. */
    @Test
    void withoutDirectIoEveryWriteIsSyncedToTheDevice() {
        BlockDevice.Found found = BlockDevice.under(scratch.path());
        assumeThat(found.present()).as("the temporary directory is on a block device: " + found.reason()).isTrue();
        io = IoLoadGenerator.builder(loadThreads, scratch).operationsPerSecond(100).mix(new OperationMix(0, 1, 1))
                .fileSizeMb(1).maxDiskMb(1).directIo(false).build();
        io.setTarget(100);
        await().atMost(Duration.ofSeconds(5)).until(() -> io.operations() > 0);
        BlockDevice.DiskCounters before = found.device().read();
        long opsBefore = io.operations();
        await().atMost(Duration.ofSeconds(10)).until(() -> io.operations() - opsBefore >= 100);
        long ops = io.operations() - opsBefore;
        BlockDevice.DiskCounters after = found.device().read();

        assertThat(after.writes() - before.writes()).isGreaterThanOrEqualTo(ops - 2);
        assertThat(io.mode()).isEqualTo("synced (direct I/O is off)");
    }

    @Test
    void twoAgentsOfOneScopeEachRunHalfTheScopesRate() throws InterruptedException {
        SettableShare share = new SettableShare();
        share.share = 0.5;
        io = IoLoadGenerator.builder(loadThreads, scratch).operationsPerSecond(400).mix(new OperationMix(1, 0, 0))
                .fileSizeMb(1).maxDiskMb(4).share(share).build();
        io.setTarget(50);
        await().atMost(Duration.ofSeconds(5)).until(() -> io.operations() > 0);
        long start = System.nanoTime();
        long before = io.operations();
        Thread.sleep(1500);
        double seconds = (System.nanoTime() - start) / 1e9;
        // Half of 50% of 400 ops/s: 100 ops/s, plus at most the bucket's 0.1 s burst and the operation in flight.
        assertThat(io.operations() - before).isBetween(1L, (long) (100 * seconds) + 11);
        assertThat(io.ownCap()).isEqualTo(200);
    }

    @Test
    void aWorkerThatCannotWorkIsRestartedAfterABackOffNotAtEveryTick() throws IOException {
        io = generator(200, new OperationMix(0.5, 0.4, 0.1), 1, 4);
        // The scratch directory is gone (a full disk fails the same way, on the first write): every worker fails at once.
        Files.delete(scratch.path().resolve(".owner.lock"));
        Files.delete(scratch.path());
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long startedBefore = threads.getTotalStartedThreadCount();
        long deadline = System.nanoTime() + 1_500_000_000L;
        // The controller sets the target every 20 ms tick while the load runs.
        while (System.nanoTime() - deadline < 0) {
            io.setTarget(50);
            LockSupport.parkNanos(20_000_000L);
        }
        long started = threads.getTotalStartedThreadCount() - startedBefore;
        assertThat(started).as("worker threads started in 1.5 s").isBetween(1L, 4L);
        assertThat(io.notes().get("io")).contains("scratch file I/O failed", "NoSuchFileException", "next attempt in");
        assertThat(io.activeThreads()).isZero();
    }

    private IoLoadGenerator generator(double opsPerSecond, OperationMix mix, double fileSizeMb, double maxDiskMb) {
        return IoLoadGenerator.builder(loadThreads, scratch).operationsPerSecond(opsPerSecond).mix(mix)
                .fileSizeMb(fileSizeMb).maxDiskMb(maxDiskMb).build();
    }
}
