package io.stressfw.agent.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The watchdog's rules on a clock moved by hand, its rounds called directly (its thread is never started here). */
class ControlLoopWatchdogTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<String> stalls = new CopyOnWriteArrayList<>();
    private final ControlLoopWatchdog watchdog = new ControlLoopWatchdog("w", nanos::get, Duration.ofSeconds(1), stalls::add);

    /** Watchdog rounds every 100 ms, on time, for {@code ms}. */
    private void rounds(long ms) {
        for (long t = 0; t < ms; t += 100) {
            nanos.addAndGet(100_000_000L);
            watchdog.check();
        }
    }

    @Test
    void aStallOverTheBoundIsReportedOnceAndTheLoopIsNotLiveUntilTheNextTick() {
        rounds(1000);
        assertThat(stalls).isEmpty();
        assertThat(watchdog.live()).isTrue();
        rounds(100);
        assertThat(stalls).singleElement().asString().startsWith("no control tick for 1100 ms (bound 1000 ms)");
        assertThat(watchdog.live()).isFalse();
        rounds(5000);
        assertThat(stalls).hasSize(1);
        assertThat(watchdog.tripped()).isTrue();

        watchdog.ticked();

        assertThat(watchdog.live()).isTrue();
        assertThat(watchdog.tripped()).isFalse();
        rounds(1100);
        assertThat(stalls).as("a new stall is reported again").hasSize(2);
    }

    @Test
    void ticksWithinTheBoundKeepItQuiet() {
        for (int i = 0; i < 100; i++) {
            rounds(900);
            watchdog.ticked();
        }
        assertThat(stalls).isEmpty();
        assertThat(watchdog.sinceLastTickMs()).isZero();
    }

    @Test
    void aPauseOfTheWholeProcessGivesTheTickItsChanceAfterwards() {
        rounds(300);
        // A 3 s GC pause: the watchdog's own round comes 3 s late too.
        nanos.addAndGet(3_000_000_000L);
        watchdog.check();
        assertThat(stalls).isEmpty();
        assertThat(watchdog.live()).isTrue();
        rounds(1000);
        assertThat(stalls).isEmpty();
        rounds(100);
        assertThat(stalls).as("the tick had the whole bound after the pause and did not use it").hasSize(1);
    }

    @Test
    void whileIdleRoundsComeEveryHalfBoundAndAStallIsStillReportedWithinOneRoundOfTheBound() {
        AtomicBoolean busy = new AtomicBoolean(false);
        ControlLoopWatchdog idle = new ControlLoopWatchdog("w", nanos::get, Duration.ofSeconds(1), busy::get, stalls::add);
        assertThat(idle.nextPeriodNanos()).isEqualTo(500_000_000L);
        for (int i = 0; i < 2; i++) {
            nanos.addAndGet(500_000_000L);
            idle.check();
        }
        assertThat(stalls).isEmpty();
        nanos.addAndGet(500_000_000L);
        idle.check();
        assertThat(stalls).singleElement().asString().startsWith("no control tick for 1500 ms");
        busy.set(true);
        assertThat(idle.nextPeriodNanos()).isEqualTo(100_000_000L);
    }

    @Test
    void hurryEndsAnIdleRoundAtOnce() {
        AtomicInteger roundsBegun = new AtomicInteger();
        // A 10 s bound: idle rounds of 5 s, so a second round within 4 s can only be the hurried one.
        ControlLoopWatchdog idle = new ControlLoopWatchdog("w", System::nanoTime, Duration.ofSeconds(10),
                () -> roundsBegun.incrementAndGet() < 0, stalls::add).start();
        try {
            await().atMost(Duration.ofSeconds(2)).until(() -> roundsBegun.get() == 1);
            idle.hurry();
            await().atMost(Duration.ofSeconds(4)).until(() -> roundsBegun.get() >= 2);
        } finally {
            idle.close();
        }
        assertThat(stalls).isEmpty();
    }

    @Test
    void refusesABoundOutsideATenthOfASecondToAMinute() {
        assertThatThrownBy(() -> new ControlLoopWatchdog("w", nanos::get, Duration.ofMillis(99), s -> { }))
                .hasMessageContaining("watchdog_bound (ms) must be between 100 and 60000, was 99");
        assertThatThrownBy(() -> new ControlLoopWatchdog("w", nanos::get, Duration.ofSeconds(61), s -> { }))
                .hasMessageContaining("was 61000");
    }
}
