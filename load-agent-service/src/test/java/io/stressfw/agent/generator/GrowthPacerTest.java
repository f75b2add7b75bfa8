package io.stressfw.agent.generator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GrowthPacerTest {
    private static final long MS = 1_000_000L;

    @Test
    void theFirstChunkMayStartAtOnce() {
        assertThat(new GrowthPacer(0.25).nanosUntilNext(123 * MS)).isZero();
    }

    @Test
    void aQuarterOfACoreWaitsThreeTimesWhatTheLastChunkCost() {
        GrowthPacer pacer = new GrowthPacer(0.25);
        pacer.grew(1010 * MS, 10 * MS, 0);
        assertThat(pacer.nanosUntilNext(1010 * MS)).isEqualTo(30 * MS);
        assertThat(pacer.nanosUntilNext(1030 * MS)).isEqualTo(10 * MS);
        assertThat(pacer.nanosUntilNext(1040 * MS)).isZero();
        assertThat(pacer.nanosUntilNext(5000 * MS)).isZero();
    }

    @Test
    void aCostlierChunkWaitsLonger() {
        GrowthPacer pacer = new GrowthPacer(0.5);
        pacer.grew(40 * MS, 40 * MS, 0);
        assertThat(pacer.nanosUntilNext(40 * MS)).isEqualTo(40 * MS);
    }

    @Test
    void aWholeCoreNeverWaits() {
        GrowthPacer pacer = new GrowthPacer(1);
        pacer.grew(40 * MS, 40 * MS, 0);
        assertThat(pacer.nanosUntilNext(40 * MS)).isZero();
    }

    @Test
    void headroomUnderTheCpuTargetRaisesTheShareUpToAWholeCore() {
        GrowthPacer pacer = new GrowthPacer(0.25);
        pacer.grew(100 * MS, 40 * MS, 0.5);
        assertThat(pacer.nanosUntilNext(100 * MS)).as("half a core: as long again as the chunk cost").isEqualTo(40 * MS);
        pacer.grew(200 * MS, 40 * MS, 1.7);
        assertThat(pacer.nanosUntilNext(200 * MS)).as("a core or more: unpaced").isZero();
    }

    @Test
    void theShareIsWhatGrowthTookPlusTheHeadroomNeverUnderTheBase() {
        GrowthPacer pacer = new GrowthPacer(0.25);
        pacer.grew(100 * MS, 40 * MS, 0);
        // 40 ms of CPU in the 100 ms since: growth took 0.4 of a core; the headroom says how much more it may take.
        pacer.grew(200 * MS, 40 * MS, 0.1);
        assertThat(pacer.nanosUntilNext(200 * MS)).as("0.5 of a core").isEqualTo(40 * MS);
        pacer.grew(300 * MS, 40 * MS, 0);
        assertThat(pacer.nanosUntilNext(300 * MS)).as("0.4 of a core: what it took").isEqualTo(60 * MS);
        pacer.grew(400 * MS, 40 * MS, -0.3);
        assertThat(pacer.nanosUntilNext(400 * MS)).as("over the target: back to the base share").isEqualTo(120 * MS);
        pacer.grew(600 * MS, 40 * MS, Double.NaN);
        assertThat(pacer.nanosUntilNext(600 * MS)).as("0.2 taken and no headroom: the base share").isEqualTo(120 * MS);
    }

    /** A host whose target leaves growth and the workers 1.2 cores together: growth settles at a core, not above. */
    @Test
    void growthSettlesWhereTheTargetLeavesNothing() {
        GrowthPacer pacer = new GrowthPacer(0.25);
        long now = 0;
        double taking = 0;
        for (int i = 0; i < 50; i++) {
            long cost = 10 * MS;
            long wait = pacer.nanosUntilNext(now);
            now += wait + cost;
            double headroom = 1.2 - taking;
            pacer.grew(now, cost, headroom);
            taking = (double) cost / (wait + cost);
        }
        assertThat(pacer.nanosUntilNext(now)).isZero();
        double budget = 0.7;
        for (int i = 0; i < 50; i++) {
            long cost = 10 * MS;
            long wait = pacer.nanosUntilNext(now);
            now += wait + cost;
            pacer.grew(now, cost, budget - taking);
            taking = (double) cost / (wait + cost);
        }
        assertThat(taking).as("the target leaves 0.7 of a core").isCloseTo(0.7, within(0.01));
    }

    /**
     * Container scope, or no CPU load: nothing to trade. Chunks whose cost varies (a busy host, page-in speed) must not
     * ratchet the share up: growth took more over one chunk only because the pause before it was sized by a cheaper one.
     */
    @Test
    void withNothingToTradeChunksOfVaryingCostStayWithinTheBaseShare() {
        GrowthPacer pacer = new GrowthPacer(0.25);
        java.util.Random costs = new java.util.Random(42);
        long now = 0;
        long cpu = 0;
        for (int i = 0; i < 400; i++) {
            now += pacer.nanosUntilNext(now);
            long cost = (1 + costs.nextInt(10)) * MS;
            now += cost;
            cpu += cost;
            pacer.grew(now, cost, Double.NaN);
        }
        assertThat((double) cpu / now).as("CPU of growth per wall second").isLessThan(0.3);
    }

    @Test
    void worksAcrossTheNanoTimeSignChange() {
        GrowthPacer pacer = new GrowthPacer(0.25);
        long end = Long.MAX_VALUE - 5 * MS + 10 * MS;
        pacer.grew(end, 10 * MS, 0);
        assertThat(pacer.nanosUntilNext(end)).isEqualTo(30 * MS);
    }

    @Test
    void refusesAShareOutsideOverZeroToOne() {
        assertThatThrownBy(() -> new GrowthPacer(0)).hasMessageContaining("over 0 and at most 1, was 0");
        assertThatThrownBy(() -> new GrowthPacer(1.5)).hasMessageContaining("was 1.5");
    }
}
