package io.stressfw.agent.generator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestartBackoffTest {
    private static final long S = 1_000_000_000L;
    private final RestartBackoff backoff = new RestartBackoff(S, 30 * S);

    @Test
    void eachFailureInARowDoublesTheWaitUpToTheLongest() {
        assertThat(backoff.mayStart(0)).isTrue();
        long now = 0;
        long[] expectedSeconds = {1, 2, 4, 8, 16, 30, 30};
        for (long seconds : expectedSeconds) {
            backoff.failed(now, now + 1);
            now += 1;
            assertThat(backoff.waitMs(now)).isEqualTo(seconds * 1000);
            assertThat(backoff.mayStart(now + seconds * S - 1)).isFalse();
            now += seconds * S;
            assertThat(backoff.mayStart(now)).isTrue();
        }
        assertThat(backoff.failures()).isEqualTo(expectedSeconds.length);
    }

    @Test
    void aRunThatLastedTheLongestWaitStartsTheCountOver() {
        backoff.failed(0, 1);
        backoff.failed(2 * S, 3 * S);
        assertThat(backoff.failures()).isEqualTo(2);
        backoff.failed(10 * S, 40 * S);
        assertThat(backoff.failures()).isEqualTo(1);
        assertThat(backoff.waitMs(40 * S)).isEqualTo(1000);
    }

    @Test
    void refusesALongestWaitShorterThanTheFirst() {
        assertThatThrownBy(() -> new RestartBackoff(2 * S, S)).hasMessageContaining("longest back-off");
    }
}
