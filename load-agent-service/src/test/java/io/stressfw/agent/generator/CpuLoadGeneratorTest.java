package io.stressfw.agent.generator;

import io.stressfw.agent.host.HostCpuTimes;
import io.stressfw.agent.scope.LoadScope;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The CPU generator on real threads. Rates are measured as the workers' own CPU time (thread CPU accounting) over a
 * window whose wall length is measured too, so that a late wake-up on a busy machine lengthens the window instead of
 * skewing the rate; the agent's own work is injected, so that whatever else this JVM does cannot move the duty.
 */
class CpuLoadGeneratorTest {
    private static final long SECOND = 1_000_000_000L;
    private final LoadThreads loadThreads = new LoadThreads();

    @Test
    void containerScopeBurnsCpuButNeverMoreThanTheTargetShareOfItsCore() {
        CpuLoadGenerator cpu = CpuLoadGenerator.builder(loadThreads).cores(1).overheadCpuNanos(() -> 0L).build();
        try {
            // Measured from the start: a worker starved for a while (this machine is shared) makes up the missed
            // CPU later, within the window, so the whole window's CPU time is bounded by the target whatever happens.
            long start = System.nanoTime();
            cpu.setTarget(20);
            pause(3 * SECOND / 2);
            double cores = cpu.cpuNanos() / (double) (System.nanoTime() - start);
            // Precision is the benchmark's business; the cap is not negotiable.
            assertThat(cores).isGreaterThan(0.02).isLessThan(0.23);
        } finally {
            cpu.stopNow();
        }
    }

    @Test
    void containerScopeCountsTheAgentsOwnWorkTowardsTheTarget() {
        long t0 = System.nanoTime();
        // The rest of the agent busy at 0.3 of a core: the workers add only what is missing up to the target.
        CpuLoadGenerator cpu = CpuLoadGenerator.builder(loadThreads).cores(1)
                .overheadCpuNanos(() -> (long) ((System.nanoTime() - t0) * 0.3)).build();
        try {
            cpu.setTarget(50);
            await().atMost(Duration.ofSeconds(5)).until(() -> Math.abs(cpu.overheadCores() - 0.3) < 0.02);
            cpu.reading();
            double cores = workerCoresOver(cpu, 3 * SECOND / 2);
            assertThat(cpu.overheadCores()).isCloseTo(0.3, within(0.02));
            assertThat(cores).isGreaterThan(0.05).isLessThan(0.3);
            assertThat(cpu.reading().achievedPercent()).isGreaterThan(35).isLessThan(60);
        } finally {
            cpu.stopNow();
        }
    }

    @Test
    void containerScopeTakesItsShareOfTheContainersQuota() {
        // A 2-core container shared by two agents: 20% of it is 0.4 cores, half of that is this agent's one worker.
        SettableShare share = new SettableShare();
        share.share = 0.5;
        CpuLoadGenerator cpu = CpuLoadGenerator.builder(loadThreads).cores(1).capacityCores(2).share(share)
                .overheadCpuNanos(() -> 0L).build();
        try {
            long start = System.nanoTime();
            cpu.setTarget(20);
            pause(3 * SECOND / 2);
            double cores = cpu.cpuNanos() / (double) (System.nanoTime() - start);
            assertThat(cores).isGreaterThan(0.02).isLessThan(0.23);
            assertThat(cpu.cap()).isEqualTo(2);
            assertThat(cpu.ownCap()).isEqualTo(1);
        } finally {
            cpu.stopNow();
        }
    }

    @Test
    void theWorkersAreLoadThreadsButTheirControllerIsNot() {
        CpuLoadGenerator cpu = CpuLoadGenerator.builder(loadThreads).cores(2).build();
        try {
            cpu.setTarget(10);
            await().atMost(Duration.ofSeconds(2)).until(() -> loadThreads.live() == 2);
            assertThat(cpu.activeThreads()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(5)).until(() -> cpu.cpuNanos() > 0);
            long workers = cpu.cpuNanos();
            assertThat(loadThreads.cpuNanos()).isGreaterThanOrEqualTo(workers);
        } finally {
            cpu.stopNow();
        }
        await().atMost(Duration.ofSeconds(1)).until(() -> loadThreads.live() == 0);
    }

    @Test
    void stopNowEndsEveryWorkerWithinAnInterval() {
        CpuLoadGenerator cpu = CpuLoadGenerator.builder(loadThreads).cores(2).build();
        cpu.setTarget(10);
        assertThat(cpu.activeThreads()).isEqualTo(3);
        cpu.stopNow();
        assertThat(cpu.targetPercent()).isZero();
        await().atMost(Duration.ofMillis(500)).until(() -> cpu.activeThreads() == 0);
    }

    @Test
    void hostScopeReportsTheWholeHostUtilisationAsAchieved() {
        CpuLoadGenerator cpu = oneWorkerOnAHostAlways30PercentBusy();
        try {
            cpu.setTarget(20);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(cpu.reading().achievedPercent()).isCloseTo(30, within(0.5)));
            // Other load already above the target: the generator adds nothing.
            assertThat(cpu.reading().achievedValue()).isLessThan(0.05);
        } finally {
            cpu.stopNow();
        }
    }

    @Test
    void hostScopeSaysWhatTheTargetLeavesItsWorkersAndNothingOnceStopped() {
        // 80 % leaves 1.6 cores less what is not the worker's (at most the 0.6 the host reads; as the worker's own CPU
        // time grows, less of it is foreign).
        CpuLoadGenerator cpu = oneWorkerOnAHostAlways30PercentBusy();
        try {
            assertThat(cpu.headroomCores()).isNaN();
            cpu.setTarget(80);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(cpu.headroomCores()).isBetween(1.0, 1.6));
        } finally {
            cpu.stopNow();
        }
        assertThat(cpu.headroomCores()).isNaN();
    }

    @Test
    void containerScopeHasNoHeadroomToTrade() {
        CpuLoadGenerator cpu = CpuLoadGenerator.builder(loadThreads).cores(1).build();
        try {
            cpu.setTarget(50);
            assertThat(cpu.activeThreads()).isPositive();
            assertThat(cpu.headroomCores()).isNaN();
        } finally {
            cpu.stopNow();
        }
    }

    @Test
    void rejectsTargetsOutsideZeroToHundredAndNoCores() {
        CpuLoadGenerator cpu = CpuLoadGenerator.builder(loadThreads).build();
        assertThatThrownBy(() -> cpu.setTarget(101)).hasMessage("target percent must be between 0 and 100, was 101");
        assertThatThrownBy(() -> CpuLoadGenerator.builder(loadThreads).cores(0)).hasMessageContaining("cores");
        assertThatThrownBy(() -> CpuLoadGenerator.builder(loadThreads).scope(LoadScope.HOST).build()).hasMessageContaining("host");
        assertThatThrownBy(() -> CpuLoadGenerator.builder(loadThreads).overheadCpuNanos(null)).hasMessageContaining("overhead");
        assertThatThrownBy(() -> CpuLoadGenerator.builder(loadThreads).precisionIntervalMs(200))
                .hasMessageContaining("precision interval");
    }

    /** Host scope, one worker, on a fake host of 2 cores that reads 30 % busy whatever happens. */
    private CpuLoadGenerator oneWorkerOnAHostAlways30PercentBusy() {
        long[] ticks = {0, 0};
        return CpuLoadGenerator.builder(loadThreads).cores(1).scope(LoadScope.HOST).hostCpu(() -> {
            ticks[0] += 30;
            ticks[1] += 100;
            return new HostCpuTimes(ticks[0], ticks[1], 2);
        }).build();
    }

    /** The workers' CPU time over a window of at least {@code nanos}, in cores (CPU seconds per wall second). */
    private static double workerCoresOver(CpuLoadGenerator cpu, long nanos) {
        long before = cpu.cpuNanos();
        long start = System.nanoTime();
        pause(nanos);
        long after = cpu.cpuNanos();
        return (after - before) / (double) (System.nanoTime() - start);
    }

    /** A measurement window, not a wait for a condition: it ends no earlier than {@code nanos} from now. */
    private static void pause(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a measurement window", e);
        }
    }
}
