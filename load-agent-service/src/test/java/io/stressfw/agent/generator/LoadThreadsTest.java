package io.stressfw.agent.generator;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadThreadsTest {
    private final LoadThreads loadThreads = new LoadThreads();

    @Test
    void cpuOfLoadThreadsIsKeptAfterTheyFinish() throws InterruptedException {
        long[] used = new long[1];
        int[] liveWhileRunning = new int[1];
        Thread t = loadThreads.newThread("agent-test-burn", () -> {
            liveWhileRunning[0] = loadThreads.live();
            long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long x = 1;
            while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start < 30_000_000L) {
                x = x * 31 + 7;
            }
            used[0] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() + (x == 0 ? 1 : 0);
        });
        assertThat(t.isDaemon()).isTrue();
        assertThat(loadThreads.live()).isZero();
        assertThat(loadThreads.cpuNanos()).isZero();
        t.start();
        t.join();
        assertThat(liveWhileRunning[0]).isEqualTo(1);
        assertThat(loadThreads.live()).isZero();
        assertThat(loadThreads.cpuNanos()).isGreaterThanOrEqualTo(used[0]);
    }

    @Test
    void eachAgentCountsOnlyItsOwnLoadThreads() throws InterruptedException {
        LoadThreads other = new LoadThreads();
        Thread t = other.newThread("agent-test-other", () -> { });
        t.start();
        t.join();
        assertThat(loadThreads.cpuNanos()).isZero();
        assertThat(loadThreads.live()).isZero();
    }

    @Test
    void aLoadThreadNeedsANameAndABody() {
        assertThatThrownBy(() -> loadThreads.newThread(" ", () -> { })).hasMessageContaining("name");
        assertThatThrownBy(() -> loadThreads.newThread("agent-x", null)).hasMessageContaining("body");
    }
}
