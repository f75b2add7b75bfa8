package io.stressfw.agent.generator;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadThreadsTest {

    @Test
    void cpuOfLoadThreadsIsKeptAfterTheyFinish() throws InterruptedException {
        long before = LoadThreads.cpuNanos();
        int liveBefore = LoadThreads.live();
        long[] used = new long[1];
        Thread t = LoadThreads.newThread("agent-test-burn", () -> {
            long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long x = 1;
            while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start < 30_000_000L) {
                x = x * 31 + 7;
            }
            used[0] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() + (x == 0 ? 1 : 0);
        });
        assertThat(t.isDaemon()).isTrue();
        t.start();
        t.join();
        assertThat(LoadThreads.live()).isEqualTo(liveBefore);
        assertThat(LoadThreads.cpuNanos() - before).isGreaterThanOrEqualTo(used[0]);
    }

    @Test
    void aLoadThreadNeedsANameAndABody() {
        assertThatThrownBy(() -> LoadThreads.newThread(" ", () -> { })).hasMessageContaining("name");
        assertThatThrownBy(() -> LoadThreads.newThread("agent-x", null)).hasMessageContaining("body");
    }
}
