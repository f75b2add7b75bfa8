package io.stressfw.orchestrator.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionSlotsTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void refusesOnceOpenConnectionsReachTheCap() {
        ConnectionSlots slots = new ConnectionSlots(2, Duration.ofSeconds(10));
        assertThat(slots.tryReserve("a", 0, Set.of(), 0)).isTrue();
        assertThat(slots.tryReserve("b", 1, Set.of("a"), 0)).isTrue();
        assertThat(slots.tryReserve("c", 2, Set.of("a", "b"), 0)).isFalse();
        assertThat(slots.tryReserve("d", 1, Set.of("b"), 0)).as("one closed").isTrue();
    }

    @Test
    void racingUpgradesCannotOvershootTheCap() {
        ConnectionSlots slots = new ConnectionSlots(2, Duration.ofSeconds(10));
        // Three upgrades accepted before any of them shows up as an open connection.
        assertThat(slots.tryReserve("a", 0, Set.of(), 0)).isTrue();
        assertThat(slots.tryReserve("b", 0, Set.of(), 0)).isTrue();
        assertThat(slots.tryReserve("c", 0, Set.of(), 0)).isFalse();
        assertThat(slots.pending()).isEqualTo(2);
    }

    @Test
    void aReservationWhoseHandshakeFailedIsFreedAfterTheWindow() {
        ConnectionSlots slots = new ConnectionSlots(1, Duration.ofSeconds(10));
        assertThat(slots.tryReserve("lost", 0, Set.of(), 0)).isTrue();
        assertThat(slots.tryReserve("b", 0, Set.of(), 5 * SECOND)).isFalse();
        assertThat(slots.tryReserve("c", 0, Set.of(), 11 * SECOND)).isTrue();
    }

    @Test
    void anOpenedConnectionIsNotCountedTwice() {
        ConnectionSlots slots = new ConnectionSlots(2, Duration.ofSeconds(10));
        assertThat(slots.tryReserve("a", 0, Set.of(), 0)).isTrue();
        assertThat(slots.tryReserve("b", 1, Set.of("a"), 0)).isTrue();
        assertThat(slots.pending()).isEqualTo(1);
    }

    @Test
    void aConnectionReportedOpenReleasesItsReservationEvenAfterClosingAgain() {
        ConnectionSlots slots = new ConnectionSlots(1, Duration.ofSeconds(10));
        assertThat(slots.tryReserve("short-lived", 0, Set.of(), 0)).isTrue();
        slots.opened("short-lived");
        assertThat(slots.pending()).isZero();
        assertThat(slots.tryReserve("next", 0, Set.of(), SECOND)).isTrue();
    }

    @Test
    void refusesAMeaninglessConfiguration() {
        assertThatThrownBy(() -> new ConnectionSlots(0, Duration.ofSeconds(1))).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new ConnectionSlots(1, Duration.ZERO)).hasMessageContaining("positive");
        ConnectionSlots slots = new ConnectionSlots(1, Duration.ofSeconds(1));
        assertThatThrownBy(() -> slots.tryReserve(null, 0, Set.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
