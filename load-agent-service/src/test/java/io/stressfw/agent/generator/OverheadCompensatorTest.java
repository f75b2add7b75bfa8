package io.stressfw.agent.generator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OverheadCompensatorTest {
    private static final long WINDOW = 100_000_000L;

    @Test
    void workersLeaveRoomForTheAgentsOwnWork() {
        OverheadCompensator c = new OverheadCompensator(2, 0.1);
        c.record(WINDOW, 20_000_000L);
        assertThat(c.overheadCores()).isCloseTo(0.2, within(1e-9));
        assertThat(c.duty(50)).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void beforeAnyWindowTheWorkersRunTheWholeTarget() {
        assertThat(new OverheadCompensator(2, 0.1).duty(75)).isEqualTo(0.75);
    }

    @Test
    void ownWorkAboveTheTargetLeavesTheWorkersIdle() {
        OverheadCompensator c = new OverheadCompensator(2, 0.1);
        c.record(WINDOW, 150_000_000L);
        assertThat(c.duty(50)).isZero();
        assertThat(c.duty(100)).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void theTenMillisecondProcessClockAveragesOutWithoutBias() {
        OverheadCompensator c = new OverheadCompensator(2, 0.1);
        double sum = 0;
        // True own work 0.02 cores, read on a 10 ms clock: mostly 0, sometimes 10 ms, now and then -10 ms.
        long[] readings = {0, 10_000_000L, 0, 0, -10_000_000L, 10_000_000L, 0, 10_000_000L, 0, 0};
        for (int i = 0; i < 1000; i++) {
            c.record(WINDOW, readings[i % readings.length]);
            sum += c.overheadCores();
        }
        assertThat(sum / 1000).isCloseTo(0.02, within(0.002));
    }

    @Test
    void aGcBurstIsPaidBackInFullOverTheNextSecondNotAtOnce() {
        OverheadCompensator c = new OverheadCompensator(2, 0.1);
        for (int i = 0; i < 100; i++) {
            c.record(WINDOW, 10_000_000L);
        }
        c.record(WINDOW, WINDOW);
        assertThat(c.overheadCores()).isCloseTo(0.1 + 0.1 * 0.9, within(1e-6));
        double paidBack = 0;
        for (int i = 0; i < 200; i++) {
            paidBack += c.overheadCores() - 0.1;
            c.record(WINDOW, 10_000_000L);
        }
        // The burst was 0.9 of a core for one window; the workers gave the same back, spread over the windows after.
        assertThat(paidBack).isCloseTo(0.9, within(0.01));
        assertThat(c.overheadCores()).isCloseTo(0.1, within(1e-6));
    }

    @Test
    void dutyIsClampedAndZeroTargetIsZero() {
        OverheadCompensator c = new OverheadCompensator(1, 1);
        c.record(WINDOW, -30_000_000L);
        assertThat(c.overheadCores()).isNegative();
        assertThat(c.duty(100)).isEqualTo(1);
        assertThat(c.duty(0)).isZero();
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> new OverheadCompensator(0, 0.1)).hasMessageContaining("cores");
        assertThatThrownBy(() -> new OverheadCompensator(1, 0)).hasMessageContaining("smoothing");
        assertThatThrownBy(() -> new OverheadCompensator(1, 1.5)).hasMessageContaining("smoothing");
        OverheadCompensator c = new OverheadCompensator(1, 0.1);
        assertThatThrownBy(() -> c.record(0, 1)).hasMessageContaining("window");
        assertThatThrownBy(() -> c.duty(101)).hasMessageContaining("between 0 and 100");
    }
}
