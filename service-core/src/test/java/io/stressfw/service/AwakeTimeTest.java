package io.stressfw.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwakeTimeTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong monotonic = new AtomicLong(1_000 * MS);
    private final AwakeTime awake = new AwakeTime(monotonic::get, Duration.ofMillis(100), Duration.ofMillis(500));

    /** Reads the clock every 100 ms for {@code ms}, as the clock's own thread does while the process runs. */
    private void run(long ms) {
        for (long t = 0; t < ms; t += 100) {
            monotonic.addAndGet(100 * MS);
            awake.nanos();
        }
    }

    @Test
    void whileTheProcessRunsAwakeTimeIsTheMonotonicClock() {
        long start = awake.millis();
        run(10_000);
        assertThat(awake.millis() - start).isEqualTo(10_000);
        assertThat(awake.pauses()).isZero();
    }

    @Test
    void aPauseOfTheWholeProcessIsLeftOutButForOnePeriod() {
        run(1_000);
        long before = awake.millis();

        monotonic.addAndGet(5_000 * MS);

        assertThat(awake.millis() - before).as("a 5 s pause counts as the 100 ms the clock is read in").isEqualTo(100);
        assertThat(awake.paused()).isEqualTo(Duration.ofMillis(4_900));
        assertThat(awake.pauses()).isEqualTo(1);
        run(2_000);
        assertThat(awake.millis() - before).isEqualTo(2_100);
    }

    @Test
    void lateWakeUpsOfABusyMachineCountAsAwake() {
        long before = awake.millis();
        for (int i = 0; i < 20; i++) {
            monotonic.addAndGet(500 * MS);
            awake.nanos();
        }
        assertThat(awake.millis() - before).isEqualTo(10_000);
        assertThat(awake.paused()).isZero();
    }

    @Test
    void aPauseNoticedByAnyReaderIsCountedOnceForAll() {
        run(500);
        monotonic.addAndGet(3_000 * MS);
        long first = awake.millis();
        long second = awake.millis();
        run(100);

        assertThat(second).isEqualTo(first);
        assertThat(awake.pauses()).isEqualTo(1);
        assertThat(awake.paused()).isEqualTo(Duration.ofMillis(2_900));
    }

    @Test
    void readingsNeverGoBackwards() {
        long previous = awake.nanos();
        for (long step : new long[] {100, 600, 0, 5_000, 499, 501, 100}) {
            monotonic.addAndGet(step * MS);
            long now = awake.nanos();
            assertThat(now).isGreaterThanOrEqualTo(previous);
            previous = now;
        }
    }

    @Test
    void theSystemClockIsReadByItsOwnThreadSoAnIdleProcessIsNotTakenForAPausedOne() throws InterruptedException {
        AwakeTime system = AwakeTime.system();
        Duration pausedBefore = system.paused();
        long awakeBefore = system.nanos();

        // Nothing here reads the clock for 1.5 s, three pause gaps: only its own thread keeps it awake (without it
        // the next reading would find a pause of 1.4 s).
        Thread.sleep(1_500);

        assertThat(system.nanos() - awakeBefore).isGreaterThanOrEqualTo(500 * MS);
        assertThat(system.paused().minus(pausedBefore)).isLessThan(Duration.ofMillis(1_000));
    }

    @Test
    void aPauseGapNoLongerThanThePeriodIsRefused() {
        assertThatThrownBy(() -> new AwakeTime(System::nanoTime, Duration.ofMillis(100), Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pause gap");
    }
}
