package io.stressfw.metrics.sampling;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcfsMemoryTest {

    @Test
    void readsTotalAvailableAndSwapFromOneMeminfo() {
        MemoryCounters m = ProcfsMemory.parse(ProcfsText.of("""
                MemTotal:        1000 kB
                MemFree:          100 kB
                MemAvailable:     250 kB
                Buffers:           10 kB
                Cached:            50 kB
                SwapTotal:        400 kB
                SwapFree:         300 kB
                """));
        assertThat(m).isEqualTo(new MemoryCounters(1_024_000, 256_000, 409_600, 102_400));
    }

    @Test
    void olderKernelsWithoutMemAvailableUseFreeBuffersAndCache() {
        MemoryCounters m = ProcfsMemory.parse(ProcfsText.of("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 10 kB\nCached: 50 kB\n"));
        assertThat(m.available()).isEqualTo(160 * 1024L);
        assertThat(m.swapUsed()).isEqualTo(-1);
    }
}
