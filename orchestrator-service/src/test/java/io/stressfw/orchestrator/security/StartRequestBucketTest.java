package io.stressfw.orchestrator.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartRequestBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsABurstUpToCapacityThenRefuses() {
        StartRequestBucket bucket = new StartRequestBucket(5, Duration.ofSeconds(10), 0);
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryAcquire(0).allowed()).as("request %d", i).isTrue();
        }
        StartRequestBucket.Decision refused = bucket.tryAcquire(0);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(refused.retryAfterSeconds()).isEqualTo(2);
    }

    @Test
    void refillsAtCapacityPerPeriod() {
        StartRequestBucket bucket = new StartRequestBucket(5, Duration.ofSeconds(10), 0);
        for (int i = 0; i < 5; i++) {
            bucket.tryAcquire(0);
        }
        assertThat(bucket.tryAcquire(SECOND).allowed()).as("1 s is half a token").isFalse();
        assertThat(bucket.tryAcquire(2 * SECOND).allowed()).as("2 s is one token").isTrue();
        assertThat(bucket.tryAcquire(2 * SECOND).allowed()).isFalse();
        StartRequestBucket.Decision refused = bucket.tryAcquire(3 * SECOND);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void neverHoldsMoreThanCapacityAfterALongIdle() {
        StartRequestBucket bucket = new StartRequestBucket(3, Duration.ofSeconds(3), 0);
        assertThat(bucket.available(3_600 * SECOND)).isEqualTo(3.0);
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            if (bucket.tryAcquire(3_600 * SECOND).allowed()) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(3);
    }

    @Test
    void aClockGoingBackwardsAddsNoTokens() {
        StartRequestBucket bucket = new StartRequestBucket(1, Duration.ofSeconds(1), 10 * SECOND);
        assertThat(bucket.tryAcquire(10 * SECOND).allowed()).isTrue();
        assertThat(bucket.tryAcquire(5 * SECOND).allowed()).isFalse();
        assertThat(bucket.available(5 * SECOND)).isZero();
    }

    @Test
    void retryAfterIsAtLeastOneWholeSecond() {
        StartRequestBucket bucket = new StartRequestBucket(100, Duration.ofSeconds(1), 0);
        for (int i = 0; i < 100; i++) {
            bucket.tryAcquire(0);
        }
        StartRequestBucket.Decision refused = bucket.tryAcquire(0);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(10));
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void refusesAMeaninglessConfiguration() {
        assertThatThrownBy(() -> new StartRequestBucket(0, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity must be at least 1");
        assertThatThrownBy(() -> new StartRequestBucket(1, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period must be positive");
        assertThatThrownBy(() -> new StartRequestBucket(1, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
