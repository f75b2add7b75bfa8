package io.stressfw.agent.generator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrowthPacerTest {
    private static final long MS = 1_000_000L;

    @Test
    void theFirstChunkMayStartAtOnce() {
        assertThat(new GrowthPacer(0.25).nanosUntilNext(123 * MS)).isZero();
    }

    @Test
    void aQuarterOfACoreWaitsThreeTimesWhatTheLastChunkTook() {
        GrowthPacer pacer = new GrowthPacer(0.25);
        pacer.grew(1000 * MS, 1010 * MS);
        assertThat(pacer.nanosUntilNext(1010 * MS)).isEqualTo(30 * MS);
        assertThat(pacer.nanosUntilNext(1030 * MS)).isEqualTo(10 * MS);
        assertThat(pacer.nanosUntilNext(1040 * MS)).isZero();
        assertThat(pacer.nanosUntilNext(5000 * MS)).isZero();
    }

    @Test
    void aSlowerChunkWaitsLonger() {
        GrowthPacer pacer = new GrowthPacer(0.5);
        pacer.grew(0, 40 * MS);
        assertThat(pacer.nanosUntilNext(40 * MS)).isEqualTo(40 * MS);
    }

    @Test
    void aWholeCoreNeverWaits() {
        GrowthPacer pacer = new GrowthPacer(1);
        pacer.grew(0, 40 * MS);
        assertThat(pacer.nanosUntilNext(40 * MS)).isZero();
    }

    @Test
    void worksAcrossTheNanoTimeSignChange() {
        GrowthPacer pacer = new GrowthPacer(0.25);
        long start = Long.MAX_VALUE - 5 * MS;
        pacer.grew(start, start + 10 * MS);
        assertThat(pacer.nanosUntilNext(start + 10 * MS)).isEqualTo(30 * MS);
    }

    @Test
    void refusesAShareOutsideOverZeroToOne() {
        assertThatThrownBy(() -> new GrowthPacer(0)).hasMessageContaining("over 0 and at most 1, was 0");
        assertThatThrownBy(() -> new GrowthPacer(1.5)).hasMessageContaining("was 1.5");
    }
}
