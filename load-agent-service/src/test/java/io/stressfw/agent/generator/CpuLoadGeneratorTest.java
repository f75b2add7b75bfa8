package io.stressfw.agent.generator;

import io.stressfw.agent.host.HostCpuTimes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

class CpuLoadGeneratorTest {

    @Test
    void agentModeBurnsCpuButNeverMoreThanTheTargetShareOfItsCore() throws InterruptedException {
        CpuLoadGenerator cpu = new CpuLoadGenerator(1, 100, CpuMode.AGENT, null);
        try {
            cpu.setTarget(20);
            Thread.sleep(300);
            long before = cpu.cpuNanos();
            long start = System.nanoTime();
            Thread.sleep(1500);
            double cores = (cpu.cpuNanos() - before) / (double) (System.nanoTime() - start);
            // Precision is the benchmark's business (this machine is shared); the cap is not negotiable.
            assertThat(cores).isGreaterThan(0.02).isLessThan(0.23);
        } finally {
            cpu.stopNow();
        }
    }

    @Test
    void agentModeCountsTheAgentsOwnWorkTowardsTheTarget() throws InterruptedException {
        long t0 = System.nanoTime();
        // The rest of the agent busy at 0.3 of a core: the workers add only what is missing up to the target.
        CpuLoadGenerator cpu = new CpuLoadGenerator(1, 100, CpuMode.AGENT, null,
                () -> (long) ((System.nanoTime() - t0) * 0.3));
        try {
            cpu.setTarget(50);
            Thread.sleep(1500);
            cpu.reading();
            long before = cpu.cpuNanos();
            long start = System.nanoTime();
            Thread.sleep(1500);
            double cores = (cpu.cpuNanos() - before) / (double) (System.nanoTime() - start);
            assertThat(cpu.overheadCores()).isCloseTo(0.3, within(0.02));
            assertThat(cores).isGreaterThan(0.05).isLessThan(0.3);
            assertThat(cpu.reading().achievedPercent()).isGreaterThan(35).isLessThan(60);
        } finally {
            cpu.stopNow();
        }
    }

    @Test
    void stopNowEndsEveryWorkerWithinAnInterval() {
        CpuLoadGenerator cpu = new CpuLoadGenerator(2, 100, CpuMode.AGENT, null);
        cpu.setTarget(10);
        assertThat(cpu.activeThreads()).isEqualTo(3);
        cpu.stopNow();
        assertThat(cpu.targetPercent()).isZero();
        await().atMost(java.time.Duration.ofMillis(500)).until(() -> cpu.activeThreads() == 0);
    }

    @Test
    void hostModeReportsTheWholeHostUtilisationAsAchieved() throws InterruptedException {
        long[] ticks = {0, 0};
        // A fake host of 2 cores that is 30% busy whatever happens.
        CpuLoadGenerator cpu = new CpuLoadGenerator(1, 100, CpuMode.HOST, () -> {
            ticks[0] += 30;
            ticks[1] += 100;
            return new HostCpuTimes(ticks[0], ticks[1], 2);
        });
        try {
            cpu.setTarget(20);
            Thread.sleep(600);
            assertThat(cpu.reading().achievedPercent()).isCloseTo(30, within(0.5));
            // Other load already above the target: the generator adds nothing.
            assertThat(cpu.reading().achievedValue()).isLessThan(0.05);
        } finally {
            cpu.stopNow();
        }
    }

    @Test
    void rejectsTargetsOutsideZeroToHundredAndNoCores() {
        CpuLoadGenerator cpu = new CpuLoadGenerator(1, 100, CpuMode.AGENT, null);
        assertThatThrownBy(() -> cpu.setTarget(101)).hasMessageContaining("between 0 and 100");
        assertThatThrownBy(() -> new CpuLoadGenerator(0, 100, CpuMode.AGENT, null)).hasMessageContaining("cores");
        assertThatThrownBy(() -> new CpuLoadGenerator(1, 100, CpuMode.HOST, null)).hasMessageContaining("host");
        assertThatThrownBy(() -> new CpuLoadGenerator(1, 100, CpuMode.AGENT, null, null)).hasMessageContaining("overhead");
    }
}
