package io.stressfw.agent.generator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacingBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void grantsAtTheConfiguredRate() {
        PacingBucket bucket = new PacingBucket(100, 0.1, 0);
        int granted = 0;
        for (long t = 0; t <= 2 * SECOND; t += SECOND / 1000) {
            while (bucket.tryTake(1, t)) {
                granted++;
            }
        }
        assertThat(granted).isBetween(195, 205);
    }

    @Test
    void grantsTakesLargerThanTheBurstAtTheConfiguredRate() {
        // 100 000 a second with 50 ms of burst holds 5000: a take of 16 384 must still come, about six a second.
        PacingBucket bucket = PacingBucket.forTakesOf(16_384, 100_000, 0.05, 0);
        int granted = 0;
        for (long t = 0; t <= 2 * SECOND; t += SECOND / 1000) {
            while (bucket.tryTake(16_384, t)) {
                granted++;
            }
        }
        assertThat(granted).isBetween(11, 13);
    }

    @Test
    void burstAfterAnIdleSpellIsBounded() {
        PacingBucket bucket = new PacingBucket(1000, 0.1, 0);
        int granted = 0;
        while (bucket.tryTake(1, 10 * SECOND)) {
            granted++;
        }
        assertThat(granted).isEqualTo(100);
    }

    @Test
    void zeroRateNeverGrantsAndSaysSo() {
        PacingBucket bucket = new PacingBucket(0, 0.1, 0);
        assertThat(bucket.tryTake(1, 5 * SECOND)).isFalse();
        assertThat(bucket.nanosUntil(1, 5 * SECOND)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void tellsHowLongUntilEnoughTokens() {
        PacingBucket bucket = new PacingBucket(1000, 0.5, 0);
        while (bucket.tryTake(1, 0)) {
            // drain
        }
        assertThat(bucket.nanosUntil(10, 0)).isBetween(9_000_000L, 11_000_000L);
    }

    @Test
    void rejectsNegativeRate() {
        assertThatThrownBy(() -> new PacingBucket(-1, 0.1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
