package io.stressfw.agent.generator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class IoLoadGeneratorTest {
    @TempDir
    Path base;
    private ScratchDirectory scratch;
    private IoLoadGenerator io;

    @BeforeEach
    void setUp() {
        scratch = new ScratchDirectory(base, "io-test");
    }

    @AfterEach
    void tearDown() {
        io.stopNow();
        scratch.close();
    }

    @Test
    void runsOperationsButNeverFasterThanTheTargetShareOfTheConfiguredRate() throws InterruptedException {
        io = new IoLoadGenerator(scratch, 200, new OperationMix(0.5, 0.4, 0.1), 1, 4, false);
        io.setTarget(50);
        Thread.sleep(300);
        long before = io.operations();
        Thread.sleep(1500);
        // 100 ops/s for 1.5 s plus at most the bucket's 0.1 s burst.
        assertThat(io.operations() - before).isBetween(1L, 161L);
    }

    @Test
    void deletesItsScratchFileOnStop() {
        io = new IoLoadGenerator(scratch, 200, new OperationMix(0, 1, 0), 1, 4, false);
        io.setTarget(50);
        await().atMost(Duration.ofSeconds(2)).until(() -> io.scratchFiles() == 1 && io.operations() > 5);
        io.stopNow();
        assertThat(io.scratchFiles()).isZero();
        assertThat(io.activeThreads()).isZero();
    }

    @Test
    void theScratchFileNeverGrowsPastTheDiskCap() throws IOException {
        io = new IoLoadGenerator(scratch, 5000, new OperationMix(0, 1, 0), 8, 1, false);
        io.limitCaps(null, 0.25);
        io.setTarget(100);
        await().atMost(Duration.ofSeconds(3)).until(() -> io.operations() > 1000);
        try (Stream<Path> files = Files.list(scratch.path())) {
            long biggest = files.filter(p -> p.toString().endsWith(".dat")).mapToLong(p -> p.toFile().length()).max().orElse(0);
            assertThat(biggest).isLessThanOrEqualTo(256 * 1024);
        }
    }

    @Test
    void aCommandLimitNeverRaisesTheRate() {
        io = new IoLoadGenerator(scratch, 200, new OperationMix(1, 0, 0), 1, 4, false);
        io.limitCaps(10_000.0, 1_000.0);
        assertThat(io.cap()).isEqualTo(200);
        assertThat(io.diskCapMb()).isEqualTo(4);
        io.limitCaps(50.0, 2.0);
        assertThat(io.cap()).isEqualTo(50);
        assertThat(io.diskCapMb()).isEqualTo(2);
    }
}
