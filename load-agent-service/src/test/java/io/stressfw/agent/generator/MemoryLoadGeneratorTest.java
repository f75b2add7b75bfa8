package io.stressfw.agent.generator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MemoryLoadGeneratorTest {
    private static final long MB = 1024L * 1024L;
    private MemoryLoadGenerator memory;

    @AfterEach
    void release() {
        if (memory != null) {
            memory.stopNow();
        }
    }

    @Test
    void growsToTheTargetInWholeChunksAndShrinksWithIt() {
        memory = new MemoryLoadGenerator(40, 4, 0, OptionalLong::empty);
        memory.setTarget(50);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 20);
        memory.setTarget(25);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 8);
        assertThat(memory.reading().achievedValue()).isEqualTo(8);
        assertThat(memory.reading().unit()).isEqualTo("mb");
    }

    @Test
    void neverAllocatesBeyondTheCap() throws InterruptedException {
        memory = new MemoryLoadGenerator(10, 4, 0, OptionalLong::empty);
        memory.setTarget(100);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 8);
        Thread.sleep(200);
        assertThat(memory.allocatedMb()).isEqualTo(8);
    }

    @Test
    void aCommandLimitOnlyLowersTheCap() {
        memory = new MemoryLoadGenerator(40, 4, 0, OptionalLong::empty);
        memory.limitCap(1000.0);
        assertThat(memory.cap()).isEqualTo(40);
        memory.limitCap(12.0);
        assertThat(memory.cap()).isEqualTo(12);
        memory.setTarget(100);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 12);
        memory.limitCap(null);
        assertThat(memory.cap()).isEqualTo(40);
    }

    @Test
    void refusesAndReportsAnAllocationThatWouldBreachTheHostReserve() throws InterruptedException {
        memory = new MemoryLoadGenerator(40, 4, 100, () -> OptionalLong.of(102 * MB));
        memory.setTarget(50);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.lastRefusal() != null);
        Thread.sleep(100);
        assertThat(memory.allocatedMb()).isZero();
        assertThat(memory.lastRefusal()).contains("below the reserve");
        assertThat(memory.refusals()).isEqualTo(1);
    }

    @Test
    void stopNowReleasesEveryChunkBeforeReturning() {
        memory = new MemoryLoadGenerator(40, 4, 0, OptionalLong::empty);
        memory.setTarget(50);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 20);
        long directBefore = DirectMemory.usedDirectBytes();
        memory.stopNow();
        assertThat(memory.allocatedMb()).isZero();
        assertThat(DirectMemory.usedDirectBytes()).isLessThanOrEqualTo(directBefore - 20 * MB);
        await().atMost(Duration.ofMillis(500)).until(() -> memory.activeThreads() == 0);
    }
}
