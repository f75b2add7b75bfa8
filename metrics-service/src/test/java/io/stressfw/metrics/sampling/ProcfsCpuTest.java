package io.stressfw.metrics.sampling;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProcfsCpuTest {
    private static final String STAT = """
            cpu  300 2 60 4000 10 0 5 1 0 0
            cpu0 100 1 20 2000 5 0 2 1 0 0
            cpu1 200 1 40 2000 5 0 3 0 0 0
            intr 12345 0 9 0
            ctxt 999
            """;

    @TempDir
    Path proc;

    @Test
    void readsTheTicksOfEveryCoreInTickOrder() {
        long[][] ticks = ProcfsCpu.parseStat(ProcfsText.of(STAT), 2);
        assertThat(ticks[0]).containsExactly(100, 1, 20, 2000, 5, 0, 2, 1);
        assertThat(ticks[1]).containsExactly(200, 1, 40, 2000, 5, 0, 3, 0);
    }

    @Test
    void anOfflineCoreOrATruncatedLineIsNullNotZero() {
        String stat = "cpu  1 1 1 1 1 1 1 1\ncpu0 1 1 1 1 1 1 1 1\ncpu2 1 2 3\n";
        long[][] ticks = ProcfsCpu.parseStat(ProcfsText.of(stat), 3);
        assertThat(ticks[0]).isNotNull();
        assertThat(ticks[1]).as("offline").isNull();
        assertThat(ticks[2]).as("truncated").isNull();
    }

    @Test
    void countsCoresByTheHighestNumberAndReadsTheLoadAverage() throws IOException {
        Files.writeString(proc.resolve("stat"), STAT.replace("cpu1 ", "cpu3 "));
        Files.writeString(proc.resolve("loadavg"), "1.25 0.50 0.10 2/300 4242\n");
        ProcfsCpu cpu = new ProcfsCpu(proc);
        assertThat(cpu.coreCount()).isEqualTo(4);
        assertThat(cpu.coreTicks()[3]).startsWith(200, 1, 40);
        assertThat(cpu.loadAverage()).isEqualTo(1.25);
    }

    @Test
    void missingFilesGiveUnknownsInsteadOfFailing() {
        ProcfsCpu cpu = new ProcfsCpu(proc);
        assertThat(cpu.coreCount()).isZero();
        assertThat(cpu.coreTicks()).isEmpty();
        assertThat(cpu.loadAverage()).isNegative();
    }

    @Test
    void tickOrderIsOshisSoBothSourcesFeedTheSameMaths() {
        assertThat(TickType.USER.getIndex()).isEqualTo(CpuSource.USER);
        assertThat(TickType.IDLE.getIndex()).isEqualTo(CpuSource.IDLE);
        assertThat(TickType.IOWAIT.getIndex()).isEqualTo(CpuSource.IOWAIT);
        assertThat(TickType.STEAL.getIndex()).isEqualTo(CpuSource.STEAL);
        assertThat(TickType.values()).hasSize(CpuSource.TICK_TYPES);
    }

    @Test
    void agreesWithOshiOnThisHost() {
        Path real = Path.of("/proc");
        Assumptions.assumeTrue(ProcfsCpu.available(real), "Linux procfs");
        ProcfsCpu cpu = new ProcfsCpu(real);
        CentralProcessor oshi = new SystemInfo().getHardware().getProcessor();
        assertThat(cpu.coreCount()).isEqualTo(oshi.getLogicalProcessorCount());

        long[][] ours = cpu.coreTicks();
        long[][] theirs = oshi.getProcessorCpuLoadTicks();
        for (int core = 0; core < ours.length; core++) {
            // OSHI converts the kernel's ticks (USER_HZ, 100 a second) to milliseconds; only ratios of deltas matter
            // to the usage maths. The reads are a moment apart, so up to a second may separate them.
            assertThat(theirs[core][CpuSource.IDLE] - ours[core][CpuSource.IDLE] * 10).as("core %d idle", core)
                    .isBetween(0L, 1000L);
            assertThat(theirs[core][CpuSource.USER] - ours[core][CpuSource.USER] * 10).isBetween(0L, 1000L);
        }
        assertThat(cpu.loadAverage()).isCloseTo(oshi.getSystemLoadAverage(1)[0], within(0.5));
    }
}
