package io.stressfw.agent.generator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScopeTopUpControllerTest {

    /** A two-core host with 0.4 cores of other load: the generator must add only what is missing. */
    @Test
    void topsUpOtherLoadToTheWholeHostTarget() {
        ScopeTopUpController control = new ScopeTopUpController(2, 2);
        double own = 0;
        for (int i = 0; i < 40; i++) {
            double hostBusy = (0.4 + own) / 2 * 100;
            own = control.update(50, hostBusy, own, 0);
        }
        assertThat(own).isCloseTo(0.6, within(0.02));
    }

    /**
     * The memory generator writing pages takes a core for a while: the workers give it up, the host stays at the
     * target, and the headroom (what growth may take on top of what it takes) shrinks by what the pages take; over the
     * target it goes negative (what growth must give back), whatever the workers can no longer give.
     */
    @Test
    void theHeadroomIsWhatTheTargetLeavesTheWorkersNegativeWhenTheOthersTakeMore() {
        ScopeTopUpController control = new ScopeTopUpController(2, 2);
        double own = 0;
        for (int i = 0; i < 40; i++) {
            own = control.update(75, (0.3 + own) / 2 * 100, own, 0);
        }
        assertThat(control.headroomCores()).isCloseTo(1.2, within(0.02));
        double pages = 1.0;
        for (int i = 0; i < 40; i++) {
            own = control.update(75, (0.3 + own + pages) / 2 * 100, own, pages);
        }
        assertThat(own).as("the workers' part").isCloseTo(0.2, within(0.02));
        assertThat(control.headroomCores()).isCloseTo(0.2, within(0.02));
        for (int i = 0; i < 40; i++) {
            own = control.update(25, (0.6 + own + pages) / 2 * 100, own, pages);
        }
        assertThat(own).isZero();
        assertThat(control.headroomCores()).as("0.5 wanted, 0.6 others and 1 of pages").isLessThan(-1);
        control.update(0, 50, 0, pages);
        assertThat(control.headroomCores()).isZero();
    }

    @Test
    void integralTermRemovesAPersistentShortfall() {
        // The plant delivers only 90% of what is asked (e.g. scheduling losses): feed-forward alone would sit low.
        ScopeTopUpController control = new ScopeTopUpController(2, 2);
        double asked = 0;
        double delivered = 0;
        for (int i = 0; i < 100; i++) {
            double hostBusy = (0.2 + delivered) / 2 * 100;
            asked = control.update(60, hostBusy, delivered, 0);
            delivered = asked * 0.9;
        }
        assertThat((0.2 + delivered) / 2 * 100).isCloseTo(60, within(1.0));
    }

    /**
     * Near the top of the host, a dip (the agent's own GC, a generator that just stopped) winds the integral up; once
     * the host reads saturated the controller must not keep asking for more than the host has.
     */
    @Test
    void aSaturatedHostDropsWhatTheIntegralAddedForADipAtOnce() {
        ScopeTopUpController control = new ScopeTopUpController(2, 2);
        double own = 0;
        for (int i = 0; i < 40; i++) {
            own = control.update(95, (0.2 + own) / 2 * 100, own, 0);
        }
        double steady = own;
        assertThat(steady).isCloseTo(1.7, within(0.02));
        for (int i = 0; i < 3; i++) {
            double delivered = own * 0.6;
            own = control.update(95, (0.2 + delivered) / 2 * 100, delivered, 0);
        }
        assertThat(own).as("the dip wound the integral up").isGreaterThan(steady + 0.2);

        double afterSaturation = control.update(95, 100, 1.8, 0);
        assertThat(afterSaturation).isLessThan(steady + 0.05);
    }

    /** CHAOS at 100 %: saturation is the target there, and the integral that gets the plant to it must stay. */
    @Test
    void atAHundredPercentTargetSaturationIsTheGoalAndKeepsTheIntegral() {
        ScopeTopUpController control = new ScopeTopUpController(2, 2);
        double delivered = 0;
        double busy = 0;
        for (int i = 0; i < 60; i++) {
            busy = Math.min(100, (0.3 + delivered) / 2 * 100);
            delivered = control.update(100, busy, delivered, 0) * 0.9;
        }
        assertThat(busy).isGreaterThanOrEqualTo(99.5);
    }

    @Test
    void neverAsksForMoreThanItsOwnCores() {
        ScopeTopUpController control = new ScopeTopUpController(4, 1);
        assertThat(control.update(100, 0, 0, 0)).isEqualTo(1);
    }

    @Test
    void asksForNothingWhenOtherLoadAlreadyExceedsTheTarget() {
        ScopeTopUpController control = new ScopeTopUpController(2, 2);
        double own = 0;
        for (int i = 0; i < 20; i++) {
            own = control.update(30, 80, own, 0);
        }
        assertThat(own).isZero();
    }

    /**
     * Two agents on a two-core host with 0.3 cores of other load, each hearing the other's load one heartbeat (five
     * 200 ms steps) late: together they hold the host at the target, each with half of the top-up.
     */
    @Test
    void twoAgentsOnOneHostShareTheTopUpEvenly() {
        TwoAgents host = new TwoAgents(0.3);
        host.run(150, 50, 0.5, 0.5);
        assertThat(host.busyPercent()).isCloseTo(50, within(0.5));
        assertThat(host.a).isCloseTo(0.35, within(0.05));
        assertThat(host.b).isCloseTo(0.35, within(0.05));
    }

    /** One leaves without a word: the other keeps the host at the target, first at half gain, fully once it timed out. */
    @Test
    void whenOneAgentLeavesTheOtherTakesOverItsShare() {
        TwoAgents host = new TwoAgents(0.3);
        host.run(150, 50, 0.5, 0.5);
        host.leaveSilently();
        // The peer is only dropped after the 3 s timeout: 15 steps at half share and its last load, then alone.
        host.run(15, 50, 0.5, 1);
        host.run(60, 50, 1, 1);
        assertThat(host.busyPercent()).isCloseTo(50, within(0.5));
        assertThat(host.a).isCloseTo(0.7, within(0.02));
    }

    @Test
    void aJoiningAgentTakesHalfAndTheOtherGivesItBack() {
        TwoAgents host = new TwoAgents(0.3);
        host.bLeft = true;
        host.run(100, 60, 1, 1);
        assertThat(host.a).isCloseTo(0.9, within(0.02));
        host.bLeft = false;
        // B hears A at once (its first heartbeats); A hears B one heartbeat later.
        host.run(5, 60, 1, 0.5);
        host.run(150, 60, 0.5, 0.5);
        assertThat(host.busyPercent()).isCloseTo(60, within(0.5));
        assertThat(host.a).isCloseTo(0.45, within(0.05));
        assertThat(host.b).isCloseTo(0.45, within(0.05));
    }

    /**
     * The agent's memory generator starts writing pages (a whole core) on a two-core host held at 50 %: the CPU
     * workers give way at the next update, not a second later, so the host does not run to 100 %.
     */
    @Test
    void theAgentsOtherGeneratorsAreSubtractedAtOnce() {
        ScopeTopUpController control = new ScopeTopUpController(2, 2);
        double own = 0;
        for (int i = 0; i < 40; i++) {
            own = control.update(50, (0.2 + own) / 2 * 100, own, 0);
        }
        assertThat(own).isCloseTo(0.8, within(0.02));
        double next = control.update(50, (0.2 + own + 1.0) / 2 * 100, own, 1.0);
        assertThat(next).as("cores asked right after the memory generator took one").isCloseTo(0, within(0.05));
        assertThat((0.2 + next + 1.0) / 2 * 100).isLessThan(65);
    }

    /**
     * Two agents sharing a two-core host at 50 %: when one's memory generator takes half a core, that agent's CPU
     * workers give it back at once, out of its own half, and the host stays near the target.
     */
    @Test
    void anAgentsOtherGeneratorsComeOffItsOwnShare() {
        ScopeTopUpController a = new ScopeTopUpController(2, 2);
        double own = 0;
        for (int i = 0; i < 60; i++) {
            own = a.update(50, (0.2 + own + 0.4) / 2 * 100, own, 0, 0.5, 0.4);
        }
        assertThat(own).isCloseTo(0.4, within(0.03));
        double next = a.update(50, (0.2 + own + 0.5 + 0.4) / 2 * 100, own, 0.5, 0.5, 0.4);
        assertThat(next).as("cores asked right after its memory generator took half a core").isCloseTo(0, within(0.05));
    }

    /**
     * Another tenant (or the hypervisor's steal) takes 0.8 of a core during a 95 % hold, on a host that shares its
     * cores fairly: while it is saturated every thread gets the same part of what it asked for, so the agent reads
     * less foreign load than there is. The host must be back under its target's rule (99 %) after one update: with
     * the foreign load smoothed in it read 100 % for six (1.2 s at the 200 ms the generator then used).
     */
    @Test
    void aForeignBurstThatSaturatesTheHostIsMetAfterOneUpdate() {
        ScopeTopUpController control = new ScopeTopUpController(2, 2);
        double asked = 0;
        for (int i = 0; i < 40; i++) {
            asked = control.update(95, (0.15 + asked) / 2 * 100, asked, 0);
        }
        assertThat(asked).isCloseTo(1.75, within(0.02));
        double foreign = 0.95;
        Burst burst = Burst.run(control, 95, asked, foreign, 10);
        assertThat(burst.saturatedUpdates()).isEqualTo(1);
        assertThat((burst.asked() + foreign) / 2 * 100).as("back at the target with the burst going on").isCloseTo(95, within(1.0));
    }

    /**
     * HEAVY's 75 %: one saturated reading, then the host as before (a tick the host lost): the workers give up only the
     * smoothing's share of it, not the whole reading (which dipped the host to 46 % at the next update).
     */
    @Test
    void aSingleSaturatedReadingFarBelowTheTopIsNotTakenAsABurst() {
        ScopeTopUpController control = new ScopeTopUpController(2, 2);
        double asked = 0;
        for (int i = 0; i < 40; i++) {
            asked = control.update(75, (0.3 + asked) / 2 * 100, asked, 0);
        }
        assertThat(asked).isCloseTo(1.2, within(0.02));
        double afterSpike = control.update(75, 100, asked, 0);
        assertThat((0.3 + afterSpike) / 2 * 100).as("the host at the next update").isGreaterThan(60);
        for (int i = 0; i < 20; i++) {
            afterSpike = control.update(75, (0.3 + afterSpike) / 2 * 100, afterSpike, 0);
        }
        assertThat(afterSpike).isCloseTo(1.2, within(0.02));
    }

    /** HEAVY's 75 % and 0.9 of a core more that goes on: saturated for two updates, at the target within two seconds. */
    @Test
    void aBurstThatSaturatesTheHostFarBelowTheTopIsMetAtTheSecondReading() {
        ScopeTopUpController control = new ScopeTopUpController(2, 2);
        double asked = 0;
        for (int i = 0; i < 40; i++) {
            asked = control.update(75, (0.3 + asked) / 2 * 100, asked, 0);
        }
        double foreign = 0.3 + 0.9;
        Burst burst = Burst.run(control, 75, asked, foreign, 20);
        assertThat(burst.saturatedUpdates()).isEqualTo(2);
        assertThat((burst.asked() + foreign) / 2 * 100).as("back at the target with the burst going on")
                .isCloseTo(75, within(2.0));
    }

    /** Below saturation a reading is not a bound but noise: foreign load is smoothed in, one update is a third. */
    @Test
    void foreignLoadUnderSaturationIsSmoothedIn() {
        ScopeTopUpController control = new ScopeTopUpController(2, 2);
        double own = 0;
        for (int i = 0; i < 40; i++) {
            own = control.update(50, (0.2 + own) / 2 * 100, own, 0);
        }
        control.update(50, (0.6 + own) / 2 * 100, own, 0);
        assertThat(control.otherCores()).isCloseTo(0.2 + 0.35 * 0.4, within(0.01));
    }

    @Test
    void zeroTargetGivesZero() {
        ScopeTopUpController control = new ScopeTopUpController(2, 2);
        control.update(50, 20, 0.2, 0);
        assertThat(control.update(0, 40, 0.6, 0)).isZero();
    }

    /**
     * A fairly shared two-core host under a foreign load that goes on: everyone gets the same part of what they ask
     * when the demand is over the host. What the agent asks at the end and how many updates read saturated.
     */
    private record Burst(double asked, int saturatedUpdates) {
        static Burst run(ScopeTopUpController control, double target, double asked, double foreign, int updates) {
            int saturated = 0;
            for (int i = 0; i < updates; i++) {
                double demand = asked + foreign;
                double delivered = asked * Math.min(1, 2 / demand);
                double busy = Math.min(100, demand / 2 * 100);
                if (busy >= 99) {
                    saturated++;
                }
                asked = control.update(target, busy, delivered, 0);
            }
            return new Burst(asked, saturated);
        }
    }

    /** A two-core host with two agents A and B and a constant other load; each hears the other five steps late. */
    private static final class TwoAgents {
        private final double other;
        private final ScopeTopUpController controlA = new ScopeTopUpController(2, 2);
        private final ScopeTopUpController controlB = new ScopeTopUpController(2, 2);
        private final java.util.ArrayDeque<double[]> heard = new java.util.ArrayDeque<>();
        double a;
        double b;
        boolean bLeft;
        private double lastHeardB;

        /** B stops and sends nothing more: A goes on with what B last said until it times out. */
        void leaveSilently() {
            lastHeardB = heard.isEmpty() ? b : heard.peekLast()[1];
            bLeft = true;
            b = 0;
        }

        TwoAgents(double other) {
            this.other = other;
        }

        double busyPercent() {
            return (other + a + b) / 2 * 100;
        }

        void run(int steps, double target, double shareA, double shareB) {
            for (int i = 0; i < steps; i++) {
                heard.addLast(new double[]{a, b});
                double[] late = heard.size() > 5 ? heard.removeFirst() : heard.peekFirst();
                double busy = busyPercent();
                double peerOfA = !bLeft ? late[1] : shareA == 1 ? 0 : lastHeardB;
                double nextA = controlA.update(target, busy, a, 0, shareA, peerOfA);
                double nextB = bLeft ? 0 : controlB.update(target, busy, b, 0, shareB, late[0]);
                a = nextA;
                b = nextB;
            }
        }
    }
}
