package io.stressfw.agent.generator;

import io.stressfw.model.LoadLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MemoryLoadGeneratorTest {
    private static final long MB = 1024L * 1024L;
    private final LoadThreads loadThreads = new LoadThreads();
    private MemoryLoadGenerator memory;

    @AfterEach
    void release() {
        if (memory != null) {
            memory.stopNow();
        }
    }

    @Test
    void growsToTheTargetInWholeChunksAndShrinksWithIt() {
        memory = generator(40, 4);
        memory.setTarget(50);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 20);
        memory.setTarget(25);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 8);
        assertThat(memory.reading().achievedValue()).isEqualTo(8);
        assertThat(memory.reading().unit()).isEqualTo("mb");
        assertThat(memory.held()).isEqualTo(new HeldResources(1, 0, 0, 8));
    }

    @Test
    void growthSpendsAtMostItsShareOfOneCore() {
        memory = MemoryLoadGenerator.builder(loadThreads, 240).chunkMb(8).reserveMb(0).growthCpuShare(0.25).build();
        long cpuBefore = loadThreads.cpuNanos();
        long started = System.nanoTime();
        memory.setTarget(100);
        await().atMost(Duration.ofSeconds(60)).until(() -> memory.allocatedMb() == 240);
        long wall = System.nanoTime() - started;
        long cpu = loadThreads.cpuNanos() - cpuBefore;
        // Unpaced, the worker writes pages back to back: CPU close to the wall time. Paced, a quarter plus the
        // idle checks between chunks.
        assertThat((double) cpu / wall).as("CPU of the growing worker per wall second").isLessThan(0.35);
    }

    @Test
    void eachChunkAsksHowMuchRoomTheCpuTargetLeavesGrowth() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        memory = MemoryLoadGenerator.builder(loadThreads, 40).chunkMb(4).reserveMb(0).growthCpuShare(0.25)
                .cpuHeadroom(() -> {
                    asked.incrementAndGet();
                    return 1;
                }).build();
        memory.setTarget(100);
        await().atMost(Duration.ofSeconds(10)).until(() -> memory.allocatedMb() == 40);
        assertThat(asked).hasValue(10);
    }

    @Test
    void aShareUnderOneChunkStillTakesTheNearestWholeChunk() {
        memory = generator(64, 2);
        // 6 % of 64 MB is 3.84 MB; half of it (one of two agents sharing the cap) is 1.92 MB: one chunk, not none.
        memory.setTarget(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 2);
        memory.setTarget(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 0);
    }

    @Test
    void neverAllocatesBeyondTheCap() {
        memory = generator(10, 4);
        memory.setTarget(100);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 8);
        // The worker keeps running at 100%: the cap must hold all along, not only at one instant.
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> memory.allocatedMb() == 8);
    }

    @Test
    void aCommandLimitOnlyLowersTheCap() {
        memory = generator(40, 4);
        memory.applyLimits(new LoadLimits(1000.0, null, null, null));
        assertThat(memory.cap()).isEqualTo(40);
        memory.applyLimits(new LoadLimits(12.0, null, null, null));
        assertThat(memory.cap()).isEqualTo(12);
        memory.setTarget(100);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 12);
        memory.applyLimits(LoadLimits.NONE);
        assertThat(memory.cap()).isEqualTo(40);
    }

    @Test
    void refusesAndReportsAnAllocationThatWouldBreachTheHostReserve() {
        memory = MemoryLoadGenerator.builder(loadThreads, 40).chunkMb(4).reserveMb(100)
                .availableBytes(() -> OptionalLong.of(102 * MB)).build();
        memory.setTarget(50);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.lastRefusal() != null);
        // Refused once and then left alone: no allocation, no second attempt while the target stays.
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2))
                .until(() -> memory.allocatedMb() == 0 && memory.refusals() == 1);
        assertThat(memory.lastRefusal()).contains("below the reserve");
        assertThat(memory.notes()).containsOnlyKeys("memory_refusal");
    }

    @Test
    void stopNowReleasesEveryChunkBeforeReturning() {
        memory = generator(40, 4);
        memory.setTarget(50);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 20);
        long directBefore = DirectMemory.usedDirectBytes();
        memory.stopNow();
        assertThat(memory.allocatedMb()).isZero();
        assertThat(DirectMemory.usedDirectBytes()).isLessThanOrEqualTo(directBefore - 20 * MB);
        await().atMost(Duration.ofMillis(500)).until(() -> memory.activeThreads() == 0);
    }

    @Test
    void twoAgentsOfOneScopeEachHoldHalfOfTargetTimesCap() {
        SettableShare share = new SettableShare();
        share.share = 0.5;
        memory = MemoryLoadGenerator.builder(loadThreads, 80).chunkMb(4).reserveMb(0).share(share).build();
        memory.setTarget(50);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 20);
        assertThat(memory.ownCap()).isEqualTo(40);
        assertThat(memory.reading().achievedPercent()).as("its share of the scope's target").isEqualTo(50);
        // A third agent joins: this one gives back down to its new share.
        share.share = 1 / 3.0;
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 12);
    }

    @Test
    void takesNoMemoryBeforeItHasHeardItsPeers() {
        SettableShare share = new SettableShare();
        share.settled = false;
        memory = MemoryLoadGenerator.builder(loadThreads, 40).chunkMb(4).reserveMb(0).share(share).build();
        memory.setTarget(100);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> memory.allocatedMb() == 0);
        assertThat(memory.notes()).containsKey("memory_waiting");
        share.settled = true;
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 40);
        assertThat(memory.notes()).doesNotContainKey("memory_waiting");
    }

    @Test
    void neverTakesWhatItsPeersStillHoldOfTheScopesCap() {
        // A peer alone so far holds 36 of the 40 MB cap; this agent just joined and its share is half.
        SettableShare share = new SettableShare();
        share.share = 0.5;
        share.peerMemoryMb = 36;
        memory = MemoryLoadGenerator.builder(loadThreads, 40).chunkMb(4).reserveMb(0).share(share).build();
        memory.setTarget(100);
        // Room for one chunk only, all along, until the peer says it gave back its excess.
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 4);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> memory.allocatedMb() == 4);
        assertThat(memory.notes().get("memory_waiting")).contains("hold 36 MB of the 40 MB cap");
        share.peerMemoryMb = 20;
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 20);
    }

    @Test
    void neverHoldsMoreThanItCanItselfWhateverItsShare() {
        memory = MemoryLoadGenerator.builder(loadThreads, 400).chunkMb(4).reserveMb(0).ownBoundMb(16).build();
        memory.setTarget(100);
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.allocatedMb() == 16);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> memory.allocatedMb() == 16);
        assertThat(memory.ownCap()).isEqualTo(16);
        assertThat(memory.reading().achievedPercent()).isEqualTo(4);
    }

    private MemoryLoadGenerator generator(double capMb, int chunkMb) {
        return MemoryLoadGenerator.builder(loadThreads, capMb).chunkMb(chunkMb).reserveMb(0).build();
    }
}
