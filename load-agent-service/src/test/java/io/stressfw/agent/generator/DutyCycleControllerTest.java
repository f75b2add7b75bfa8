package io.stressfw.agent.generator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DutyCycleControllerTest {
    private static final long INTERVAL = 100_000_000L;

    @Test
    void busyTimeIsDutyTimesIntervalWhenOnTrack() {
        DutyCycleController control = new DutyCycleController(INTERVAL);
        assertThat(control.busyNanos(0.25)).isEqualTo(25_000_000L);
        control.record(0.25, INTERVAL, 25_000_000L);
        assertThat(control.busyNanos(0.25)).isEqualTo(25_000_000L);
    }

    @Test
    void missedCpuTimeIsMadeUpInTheNextInterval() {
        DutyCycleController control = new DutyCycleController(INTERVAL);
        control.record(0.5, INTERVAL, 40_000_000L);
        assertThat(control.busyNanos(0.5)).isEqualTo(60_000_000L);
    }

    @Test
    void overshootIsTakenBackButNeverBelowZero() {
        DutyCycleController control = new DutyCycleController(INTERVAL);
        control.record(0.1, INTERVAL, 60_000_000L);
        assertThat(control.busyNanos(0.1)).isZero();
    }

    @Test
    void carriedErrorIsBoundedToOneIntervalSoAStarvedWorkerCannotBankABurst() {
        DutyCycleController control = new DutyCycleController(INTERVAL);
        for (int i = 0; i < 50; i++) {
            control.record(0.9, INTERVAL, 0);
        }
        assertThat(control.carryNanos()).isEqualTo(INTERVAL);
        assertThat(control.busyNanos(0.9)).isEqualTo(INTERVAL);
    }

    @Test
    void longerIntervalsThanPlannedAskForProportionallyMoreCpu() {
        DutyCycleController control = new DutyCycleController(INTERVAL);
        control.record(0.5, 120_000_000L, 50_000_000L);
        assertThat(control.busyNanos(0.5)).isEqualTo(60_000_000L);
    }

    @Test
    void zeroDutyClearsTheCarry() {
        DutyCycleController control = new DutyCycleController(INTERVAL);
        control.record(0.5, INTERVAL, 0);
        assertThat(control.busyNanos(0)).isZero();
        assertThat(control.busyNanos(0.5)).isEqualTo(50_000_000L);
    }

    @Test
    void rejectsDutyOutsideZeroToOneAndIntervalsAbove100Ms() {
        DutyCycleController control = new DutyCycleController(INTERVAL);
        assertThatThrownBy(() -> control.busyNanos(1.2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duty");
        assertThatThrownBy(() -> new DutyCycleController(200_000_000L)).hasMessageContaining("precision interval");
    }
}
