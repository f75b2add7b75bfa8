package io.stressfw.metrics.sampling;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CounterRateTest {
    private static final int[] IDLE = {3, 4};

    @Test
    void busyPercentIsTheNonIdleShareOfTheTicksThatPassed() {
        long[] before = {100, 0, 50, 800, 50, 0, 0, 0};
        long[] after = {160, 0, 70, 890, 60, 0, 0, 0};
        // 180 ticks passed, 100 of them idle or iowait.
        assertThat(CounterRate.busyPercent(before, after, IDLE)).isCloseTo(44.444, within(0.001));
    }

    @Test
    void noTicksOrCountersGoingBackwardsGiveNullNotZero() {
        long[] same = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThat(CounterRate.busyPercent(same, same.clone(), IDLE)).isNull();
        assertThat(CounterRate.busyPercent(new long[]{5, 0, 0, 5}, new long[]{4, 0, 0, 9}, new int[]{3})).isNull();
        assertThat(CounterRate.busyPercent(null, same, IDLE)).isNull();
    }

    @Test
    void rejectsAnIdleIndexOutsideTheTickLayout() {
        assertThatThrownBy(() -> CounterRate.busyPercent(new long[]{0, 0}, new long[]{1, 1}, IDLE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tick index 3");
    }

    @Test
    void sharePercentIsOneTickTypesShareOfTheTicksThatPassed() {
        long[] before = {100, 0, 50, 800, 50, 0, 0, 200};
        long[] after = {160, 0, 70, 890, 60, 0, 0, 220};
        // 200 ticks passed, 20 of them stolen.
        assertThat(CounterRate.sharePercent(before, after, 7)).isEqualTo(10.0);
        assertThat(CounterRate.sharePercent(before, before.clone(), 7)).as("no tick passed").isNull();
        assertThat(CounterRate.sharePercent(after, before, 7)).as("counters went backwards").isNull();
        assertThatThrownBy(() -> CounterRate.sharePercent(before, after, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tick index 8");
    }

    @Test
    void perSecondRateFromTwoCounterReadings() {
        assertThat(CounterRate.perSecond(1_000, 1_500, 100_000_000L)).isEqualTo(5_000.0);
        assertThat(CounterRate.perSecond(1_000, 900, 100_000_000L)).isNull();
        assertThat(CounterRate.perSecond(-1, 900, 100_000_000L)).isNull();
        assertThat(CounterRate.perSecond(1, 2, 0)).isNull();
    }

    @Test
    void usedPercentIsNullWithoutATotalAndClamped() {
        assertThat(CounterRate.usedPercent(0, 0)).isNull();
        assertThat(CounterRate.usedPercent(512, 1024)).isEqualTo(50.0);
        assertThat(CounterRate.usedPercent(2048, 1024)).isEqualTo(100.0);
    }
}
