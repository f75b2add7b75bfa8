package io.stressfw.agent.control;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadRampTest {
    @Test
    void rampsLinearlyBetweenItsEnds() {
        LoadRamp ramp = new LoadRamp(20, 60, 1000, 2000);
        assertThat(ramp.valueAt(500)).isEqualTo(20);
        assertThat(ramp.valueAt(2000)).isEqualTo(40);
        assertThat(ramp.valueAt(3000)).isEqualTo(60);
        assertThat(ramp.valueAt(9000)).isEqualTo(60);
        assertThat(ramp.finishedAt(2999)).isFalse();
        assertThat(ramp.finishedAt(3000)).isTrue();
    }

    @Test
    void zeroDurationJumpsToTheTarget() {
        assertThat(new LoadRamp(0, 50, 1000, 0).valueAt(1000)).isEqualTo(50);
    }

    @Test
    void rejectsLoadsOutsideZeroToHundred() {
        assertThatThrownBy(() -> new LoadRamp(0, 120, 0, 10)).hasMessageContaining("between 0 and 100");
    }
}
