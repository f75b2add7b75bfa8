package io.stressfw.agent.generator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HostTopUpControllerTest {

    /** A two-core host with 0.4 cores of other load: the generator must add only what is missing. */
    @Test
    void topsUpOtherLoadToTheWholeHostTarget() {
        HostTopUpController control = new HostTopUpController(2, 2);
        double own = 0;
        for (int i = 0; i < 40; i++) {
            double hostBusy = (0.4 + own) / 2 * 100;
            own = control.update(50, hostBusy, own, 0);
        }
        assertThat(own).isCloseTo(0.6, within(0.02));
    }

    @Test
    void integralTermRemovesAPersistentShortfall() {
        // The plant delivers only 90% of what is asked (e.g. scheduling losses): feed-forward alone would sit low.
        HostTopUpController control = new HostTopUpController(2, 2);
        double asked = 0;
        double delivered = 0;
        for (int i = 0; i < 100; i++) {
            double hostBusy = (0.2 + delivered) / 2 * 100;
            asked = control.update(60, hostBusy, delivered, 0);
            delivered = asked * 0.9;
        }
        assertThat((0.2 + delivered) / 2 * 100).isCloseTo(60, within(1.0));
    }

    @Test
    void neverAsksForMoreThanItsOwnCores() {
        HostTopUpController control = new HostTopUpController(4, 1);
        assertThat(control.update(100, 0, 0, 0)).isEqualTo(1);
    }

    @Test
    void asksForNothingWhenOtherLoadAlreadyExceedsTheTarget() {
        HostTopUpController control = new HostTopUpController(2, 2);
        double own = 0;
        for (int i = 0; i < 20; i++) {
            own = control.update(30, 80, own, 0);
        }
        assertThat(own).isZero();
    }

    /**
     * The agent's memory generator starts writing pages (a whole core) on a two-core host held at 50 %: the CPU
     * workers give way at the next update, not a second later, so the host does not run to 100 %.
     */
    @Test
    void theAgentsOtherGeneratorsAreSubtractedAtOnce() {
        HostTopUpController control = new HostTopUpController(2, 2);
        double own = 0;
        for (int i = 0; i < 40; i++) {
            own = control.update(50, (0.2 + own) / 2 * 100, own, 0);
        }
        assertThat(own).isCloseTo(0.8, within(0.02));
        double next = control.update(50, (0.2 + own + 1.0) / 2 * 100, own, 1.0);
        assertThat(next).as("cores asked right after the memory generator took one").isCloseTo(0, within(0.05));
        assertThat((0.2 + next + 1.0) / 2 * 100).isLessThan(65);
    }

    @Test
    void zeroTargetGivesZero() {
        HostTopUpController control = new HostTopUpController(2, 2);
        control.update(50, 20, 0.2, 0);
        assertThat(control.update(0, 40, 0.6, 0)).isZero();
    }
}
