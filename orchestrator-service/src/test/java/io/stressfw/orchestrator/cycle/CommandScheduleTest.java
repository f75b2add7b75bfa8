package io.stressfw.orchestrator.cycle;

import io.stressfw.model.Phase;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandScheduleTest {
    private static final ResourceWeights WEIGHTS = new ResourceWeights(1, 0.5, 0, 0);

    private final MutableClock clock = new MutableClock(1_000_000);
    private final AtomicInteger ids = new AtomicInteger();
    private final CommandSchedule schedule = new CommandSchedule(clock, Duration.ofMillis(500), Duration.ofSeconds(5),
            () -> "command-" + ids.incrementAndGet());

    private Optional<PhaseCommand> next(boolean force, Phase phase, double load, double target) {
        return schedule.phaseCommand(force, "cycle-1", phase, load, target, WEIGHTS);
    }

    @Test
    void theFirstCommandOfACycleIsDueAndCarriesItsLeaseAsADuration() {
        PhaseCommand first = next(false, Phase.LIGHT, 10, 25).orElseThrow();

        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.epoch()).isEqualTo(1);
        assertThat(first.issuedAtMs()).isEqualTo(1_000_000);
        assertThat(first.leaseMs()).isEqualTo(5_000);
        assertThat(first.commandId()).isEqualTo("command-1");
        assertThat(first.cycleId()).isEqualTo("cycle-1");
        assertThat(first.weights()).isEqualTo(WEIGHTS);
    }

    @Test
    void anUnchangedSetpointWaitsForTheRenewalInterval() {
        next(false, Phase.LIGHT, 20, 25);
        clock.advance(499);
        assertThat(next(false, Phase.LIGHT, 20, 25)).isEmpty();
        clock.advance(1);
        assertThat(next(false, Phase.LIGHT, 20, 25)).hasValueSatisfying(c -> assertThat(c.sequence()).isEqualTo(2));
    }

    @Test
    void aMoveOfHalfAPointIsSentAtOnceASmallerOneWaits() {
        next(false, Phase.LIGHT, 20, 25);
        clock.advance(100);
        assertThat(next(false, Phase.LIGHT, 20.49, 25)).isEmpty();
        assertThat(next(false, Phase.LIGHT, 20.5, 25)).hasValueSatisfying(c ->
                assertThat(c.targetLoadPercent()).isEqualTo(20.5));
    }

    @Test
    void reachingTheTargetIsSentAtOnceEvenByASmallStep() {
        next(false, Phase.LIGHT, 24.8, 25);
        clock.advance(100);
        assertThat(next(false, Phase.LIGHT, 25, 25)).hasValueSatisfying(c ->
                assertThat(c.targetLoadPercent()).isEqualTo(25));
    }

    @Test
    void aNewPhaseOrAForcedCommandIsSentAtOnce() {
        next(false, Phase.LIGHT, 25, 25);
        clock.advance(10);
        assertThat(next(false, Phase.MEDIUM, 25, 50)).isPresent();
        clock.advance(10);
        assertThat(next(false, Phase.MEDIUM, 25, 50)).isEmpty();
        assertThat(next(true, Phase.MEDIUM, 25, 50)).isPresent();
    }

    @Test
    void renewalsRampStepsAndForcedCommandsKeepTheEpoch() {
        next(false, Phase.LIGHT, 10, 25);
        clock.advance(100);
        PhaseCommand step = next(false, Phase.LIGHT, 12, 25).orElseThrow();
        clock.advance(500);
        PhaseCommand renewal = next(false, Phase.LIGHT, 12, 25).orElseThrow();
        PhaseCommand throttled = next(true, Phase.LIGHT, 5, 25).orElseThrow();

        assertThat(List.of(step, renewal, throttled)).extracting(PhaseCommand::epoch).containsOnly(1L);
        assertThat(List.of(step, renewal, throttled)).extracting(PhaseCommand::sequence).containsExactly(2L, 3L, 4L);
    }

    @Test
    void aNewPhaseOrAnExplicitSetpointRaisesTheEpochOnce() {
        next(false, Phase.LIGHT, 25, 25);
        clock.advance(10);
        assertThat(next(false, Phase.MEDIUM, 25, 50)).hasValueSatisfying(c -> assertThat(c.epoch()).isEqualTo(2));
        clock.advance(10);
        schedule.explicitSetpoint();
        assertThat(next(false, Phase.MEDIUM, 25, 60)).as("due at once").hasValueSatisfying(c -> assertThat(c.epoch()).isEqualTo(3));
        clock.advance(500);
        assertThat(next(false, Phase.MEDIUM, 25, 60)).hasValueSatisfying(c -> assertThat(c.epoch()).isEqualTo(3));
        assertThat(schedule.epoch()).isEqualTo(3);

        schedule.newCycle();
        assertThat(next(false, Phase.MEDIUM, 25, 60)).hasValueSatisfying(c -> assertThat(c.epoch()).isEqualTo(1));
    }

    @Test
    void theLoadIsRoundedToHundredthsOfAPoint() {
        assertThat(next(false, Phase.LIGHT, 12.34567, 25)).hasValueSatisfying(c ->
                assertThat(c.targetLoadPercent()).isEqualTo(12.35));
    }

    @Test
    void stopsTakeTheNextSequenceNumberAndANewCycleStartsOver() {
        next(false, Phase.LIGHT, 10, 25);
        StopCommand stop = schedule.stopCommand("cycle-1", StopMode.GRACEFUL, "done", "orchestrator:test");
        assertThat(stop.sequence()).isEqualTo(2);
        assertThat(stop.issuedAtMs()).isEqualTo(1_000_000);
        assertThat(stop.mode()).isEqualTo(StopMode.GRACEFUL);

        schedule.newCycle();
        PhaseCommand first = next(false, Phase.LIGHT, 10, 25).orElseThrow();
        assertThat(first.sequence()).as("a new cycle's first command is due although nothing changed").isEqualTo(1);
    }

    @Test
    void anEmergencyStopWithoutACycleNamesNone() {
        StopCommand stop = schedule.stopCommand(null, StopMode.EMERGENCY, "operator", "operator:test");
        assertThat(stop.cycleId()).isNull();
        assertThat(stop.sequence()).isEqualTo(1);
    }

    @Test
    void throttlesWithinTheCooldownCountAsOne() {
        assertThat(schedule.throttleDue()).isTrue();
        clock.advance(CommandSchedule.THROTTLE_COOLDOWN_MS - 1);
        assertThat(schedule.throttleDue()).isFalse();
        clock.advance(1);
        assertThat(schedule.throttleDue()).isTrue();
        assertThat(schedule.throttleDue()).isFalse();
    }

    @Test
    void theFirstThrottleIsActedOnWhateverTheClockReads() {
        CommandSchedule atEpoch = new CommandSchedule(new MutableClock(0), Duration.ofMillis(500), Duration.ofSeconds(5));
        assertThat(atEpoch.throttleDue()).isTrue();
    }

    @Test
    void refusesAnIntervalOverASecondOrALeaseNotLongerThanTheInterval() {
        assertThatThrownBy(() -> new CommandSchedule(clock, Duration.ofMillis(1001), Duration.ofSeconds(5)))
                .hasMessageContaining("stress.cycle.command-interval must be in (0, 1s]");
        assertThatThrownBy(() -> new CommandSchedule(clock, Duration.ZERO, Duration.ofSeconds(5)))
                .hasMessageContaining("stress.cycle.command-interval");
        assertThatThrownBy(() -> new CommandSchedule(clock, Duration.ofMillis(500), Duration.ofMillis(500)))
                .hasMessageContaining("stress.cycle.lease");
    }
}
