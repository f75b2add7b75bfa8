package io.stressfw.safety.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClockSkewTest {
    private final ClockSkew skew = new ClockSkew();

    @Test
    void theFastestRecentSampleGivesTheEstimate() {
        assertThat(skew.estimateMs()).isNull();
        // A source 40 s behind: stamps 40 s before arrival, minus 3 ms, 50 ms and 8 ms of transit.
        skew.observe(1_000, 41_003, 0);
        skew.observe(1_100, 41_150, 100);
        skew.observe(1_200, 41_208, 200);
        assertThat(skew.estimateMs()).isEqualTo(-40_003);
    }

    @Test
    void aClockSteppedBackIsFollowedWithinTwoBuckets() {
        skew.observe(0, 5, 0);
        // The source's clock is stepped 40 s back: its samples now arrive 40 s after their stamps.
        skew.observe(0, 40_005, ClockSkew.BUCKET_MS);
        assertThat(skew.estimateMs()).as("the previous bucket still counts").isEqualTo(-5);
        skew.observe(0, 40_005, 2 * ClockSkew.BUCKET_MS);
        assertThat(skew.estimateMs()).isEqualTo(-40_005);
    }

    @Test
    void aBucketMoreThanTwoBucketsOldNoLongerCounts() {
        skew.observe(0, 5, 0);
        skew.observe(0, 40_005, 2 * ClockSkew.BUCKET_MS + 1);
        assertThat(skew.estimateMs()).isEqualTo(-40_005);
    }

    @Test
    void aSkewBeyondTheLimitWarnsOnceUntilItIsWellBackUnder() {
        skew.observe(0, 1_500, 0);
        skew.observe(3_000, 4_500, ClockSkew.JUDGE_AFTER_MS);
        assertThat(skew.crossedAbove(1_000)).isTrue();
        assertThat(skew.crossedAbove(1_000)).isFalse();
        skew.observe(20_000, 20_900, 2 * ClockSkew.BUCKET_MS);
        skew.observe(20_000, 20_900, 4 * ClockSkew.BUCKET_MS);
        assertThat(skew.crossedAbove(1_000)).as("900 ms: under the limit, not under 80 % of it").isFalse();
        assertThat(skew.warned()).isTrue();
        skew.observe(30_000, 30_100, 6 * ClockSkew.BUCKET_MS);
        skew.observe(30_000, 30_100, 8 * ClockSkew.BUCKET_MS);
        assertThat(skew.crossedAbove(1_000)).isFalse();
        assertThat(skew.warned()).isFalse();
        skew.observe(40_000, 38_000, 10 * ClockSkew.BUCKET_MS);
        skew.observe(40_000, 38_000, 12 * ClockSkew.BUCKET_MS);
        assertThat(skew.crossedAbove(1_000)).as("2 s ahead").isTrue();
    }

    @Test
    void samplesThatWaitedForTheBrokerAtTheStartAreNoSkew() {
        // Stamped once a second while the broker started, delivered together 2.5 s after the first; then on time.
        for (int i = 0; i < 3; i++) {
            skew.observe(i * 1_000L, 2_500, 2_500);
            assertThat(skew.crossedAbove(1_000)).as("the waiting samples").isFalse();
        }
        for (long t = 3_000; t <= 3_000 + ClockSkew.JUDGE_AFTER_MS; t += 1_000) {
            skew.observe(t, t + 5, t + 5);
            assertThat(skew.crossedAbove(1_000)).as("on time at %d", t).isFalse();
        }
        assertThat(skew.estimateMs()).isEqualTo(-5);
    }

    @Test
    void aSourceThatIsReallyOffIsWarnedAboutOnceHeardLongEnough() {
        for (long t = 0; t < ClockSkew.JUDGE_AFTER_MS; t += 1_000) {
            skew.observe(t - 5_000, t + 5, t + 5);
            assertThat(skew.crossedAbove(1_000)).isFalse();
        }
        skew.observe(ClockSkew.JUDGE_AFTER_MS - 5_000, ClockSkew.JUDGE_AFTER_MS + 5, ClockSkew.JUDGE_AFTER_MS + 5);
        assertThat(skew.crossedAbove(1_000)).isTrue();
    }
}
