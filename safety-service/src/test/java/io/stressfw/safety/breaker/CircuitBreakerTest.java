package io.stressfw.safety.breaker;

import io.stressfw.model.BreakerState;
import io.stressfw.model.BreakerTransition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CircuitBreakerTest {

    private final CircuitBreaker breaker = new CircuitBreaker("cpu", "host-a", 1000, 0, 0);

    @Test
    void violationOpensAClosedBreaker() {
        BreakerTransition t = breaker.trip(10, "cpu 99");
        assertThat(t.from()).isEqualTo(BreakerState.CLOSED);
        assertThat(t.to()).isEqualTo(BreakerState.OPEN);
        assertThat(t.breakerId()).isEqualTo("cpu@host-a");
        assertThat(t.reason()).isEqualTo("cpu 99");
        assertThat(breaker.openUntilMs()).isEqualTo(1010);
        assertThat(breaker.trips()).isEqualTo(1);
    }

    @Test
    void openBreakerHoldsForTheCooldownThenHalfOpens() {
        breaker.trip(0, "x");
        assertThat(breaker.tick(999)).isNull();
        assertThat(breaker.trip(500, "again")).isNull();
        BreakerTransition t = breaker.tick(1000);
        assertThat(t.to()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void healthySampleDuringCooldownDoesNotCloseAnOpenBreaker() {
        breaker.trip(0, "x");
        assertThat(breaker.healthy(500)).isNull();
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void healthySampleClosesAHalfOpenBreaker() {
        breaker.trip(0, "x");
        breaker.tick(1000);
        BreakerTransition t = breaker.healthy(1100);
        assertThat(t.from()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(t.to()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void newViolationReopensAHalfOpenBreaker() {
        breaker.trip(0, "x");
        breaker.tick(1000);
        BreakerTransition t = breaker.trip(1100, "still hot");
        assertThat(t.from()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(t.to()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.trips()).isEqualTo(2);
    }

    @Test
    void healthyPeriodDelaysClosingAfterHalfOpen() {
        CircuitBreaker slow = new CircuitBreaker("cpu", "h", 1000, 500, 0);
        slow.trip(0, "x");
        slow.tick(1000);
        assertThat(slow.healthy(1200)).isNull();
        assertThat(slow.healthy(1500).to()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void resetClosesFromAnyStateAndIsANoOpWhenClosed() {
        assertThat(breaker.reset(0, "op")).isNull();
        breaker.trip(0, "x");
        assertThat(breaker.reset(10, "op").to()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void stopCommandsAreRateLimited() {
        assertThat(breaker.stopCommandDue(0, 1000)).isTrue();
        breaker.stopCommandSent(0);
        assertThat(breaker.stopCommandDue(999, 1000)).isFalse();
        assertThat(breaker.stopCommandDue(1000, 1000)).isTrue();
    }

    @Test
    void invalidArgumentsAreRefused() {
        assertThatThrownBy(() -> new CircuitBreaker("", "h", 1, 0, 0)).hasMessageContaining("rule id");
        assertThatThrownBy(() -> new CircuitBreaker("r", "h", 0, 0, 0)).hasMessageContaining("cooldown");
        assertThatThrownBy(() -> new CircuitBreaker("r", "h", 1, -1, 0)).hasMessageContaining("healthy");
    }
}
