package io.stressfw.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleCadenceTest {
    private static final long TICK_MS = 100;

    /** The ticks (ms) that publish, from {@code fromMs} to before {@code toMs}, every 100 ms. */
    private static List<Long> published(SampleCadence cadence, long fromMs, long toMs, boolean loaded) {
        List<Long> at = new ArrayList<>();
        for (long t = fromMs; t < toMs; t += TICK_MS) {
            if (cadence.publishes(t, loaded)) {
                at.add(t);
            }
        }
        return at;
    }

    @Test
    void anIdleAgentPublishesOnceASecondStartingWithItsFirstTick() {
        SampleCadence cadence = new SampleCadence(1000);
        assertThat(published(cadence, 0, 5000, false)).containsExactly(0L, 1000L, 2000L, 3000L, 4000L);
    }

    @Test
    void theFirstTickAfterACommandPublishesThoughTheIdleIntervalHasNotPassed() {
        SampleCadence cadence = new SampleCadence(1000);
        assertThat(cadence.publishes(0, false)).isTrue();
        assertThat(cadence.publishes(100, false)).isFalse();
        // The command arrived between 100 and 200: 200 publishes at once, 800 ms before the idle interval would.
        assertThat(published(cadence, 200, 1200, true)).containsExactly(200L, 300L, 400L, 500L, 600L, 700L, 800L, 900L,
                1000L, 1100L);
    }

    @Test
    void aLoadedAgentPublishesEveryTickAndTheFirstIdleSecondToo() {
        SampleCadence cadence = new SampleCadence(1000);
        assertThat(published(cadence, 0, 2000, true)).hasSize(20);
        // Stopped at 2000: the drop to zero shows at the full rate for one idle interval, then once a second.
        assertThat(published(cadence, 2000, 5000, false)).containsExactly(2000L, 2100L, 2200L, 2300L, 2400L, 2500L,
                2600L, 2700L, 2800L, 3800L, 4800L);
    }

    @Test
    void idleSamplesAreNeverCloserThanTheIdleIntervalWhateverTheTicks() {
        SampleCadence cadence = new SampleCadence(1000);
        List<Long> at = new ArrayList<>();
        long[] ticks = {0, 950, 999, 1000, 1001, 1500, 1999, 2000, 3500, 3600, 4499, 4500};
        for (long t : ticks) {
            if (cadence.publishes(t, false)) {
                at.add(t);
            }
        }
        assertThat(at).containsExactly(0L, 1000L, 2000L, 3500L, 4500L);
    }

    @Test
    void anIdleSampleDueSoonGoesAlongWithAnotherMessageAndKeepsItsPhase() {
        SampleCadence cadence = new SampleCadence(1000);
        assertThat(published(cadence, 0, 2000, true)).hasSize(20);
        // Idle from 2000: full rate until 2800, then due at 3800; a heartbeat at 3300 takes the sample along.
        assertThat(published(cadence, 2000, 3000, false)).hasSize(9);
        assertThat(cadence.publishes(3300, false, 1000)).isTrue();
        assertThat(cadence.untilNextTickMs(3300, TICK_MS)).isEqualTo(1000);
        assertThat(cadence.publishes(4300, false, 1000)).isTrue();
        // Not due within the early allowance: a 5 s idle interval is not shortened to the heartbeat's second.
        SampleCadence slow = new SampleCadence(5000);
        assertThat(slow.publishes(0, false)).isTrue();
        assertThat(slow.publishes(1000, false, 1000)).isFalse();
        assertThat(slow.publishes(3999, false, 1000)).isFalse();
        assertThat(slow.publishes(4000, false, 1000)).isTrue();
        assertThat(slow.untilNextTickMs(4000, TICK_MS)).isEqualTo(5000);
    }

    @Test
    void theNextTickComesAtTheFullRateWhileBusyAndWhenTheNextIdleSampleIsDueOtherwise() {
        SampleCadence cadence = new SampleCadence(1000);
        assertThat(cadence.untilNextTickMs(0, 100)).as("before any sample").isEqualTo(100);
        assertThat(cadence.publishes(0, false)).isTrue();
        assertThat(cadence.untilNextTickMs(0, 100)).isEqualTo(1000);
        assertThat(cadence.publishes(300, false)).isFalse();
        assertThat(cadence.untilNextTickMs(300, 100)).isEqualTo(700);
        assertThat(cadence.publishes(400, true)).isTrue();
        assertThat(cadence.untilNextTickMs(400, 100)).isEqualTo(100);
        assertThat(cadence.publishes(1300, false)).as("within the idle interval after the load").isTrue();
        assertThat(cadence.untilNextTickMs(1300, 100)).isEqualTo(100);
        assertThat(cadence.publishes(1400, false)).isFalse();
        assertThat(cadence.untilNextTickMs(1400, 100)).isEqualTo(900);
    }

    @Test
    void everyTickPublishesDuringTheWarmUpThenOnceASecond() {
        SampleCadence cadence = new SampleCadence(1000, 3000);
        assertThat(published(cadence, 500, 3500, false)).as("warming up from the first tick at 500").hasSize(30);
        assertThat(cadence.untilNextTickMs(3400, 100)).isEqualTo(100);
        // Warm-up over at 3500: the first idle interval still at the full rate (as after load), then once a second.
        assertThat(published(cadence, 3500, 7000, false)).containsExactly(3500L, 3600L, 3700L, 3800L, 3900L, 4000L,
                4100L, 4200L, 4300L, 5300L, 6300L);
    }

    @Test
    void refusesAWarmUpOutsideZeroToTenMinutes() {
        assertThatThrownBy(() -> new SampleCadence(1000, -1)).hasMessageContaining("warm-up ms");
        assertThatThrownBy(() -> new SampleCadence(1000, 600_001)).hasMessageContaining("warm-up ms");
    }

    @Test
    void refusesAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> new SampleCadence(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idle interval ms");
    }
}
