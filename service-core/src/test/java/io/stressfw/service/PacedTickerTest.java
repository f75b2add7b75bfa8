package io.stressfw.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Idle periods of an hour: a tick that comes at all came by the busy period or a hurry, never by waiting it out. */
class PacedTickerTest {
    private static final Duration BUSY = Duration.ofMillis(10);
    private static final Duration IDLE = Duration.ofHours(1);

    @Test
    void aBusyTickerTicksAtTheBusyPeriod() throws InterruptedException {
        CountDownLatch ticks = new CountDownLatch(5);
        try (PacedTicker ticker = new PacedTicker("test-busy", BUSY, IDLE, () -> true, ticks::countDown).start()) {
            assertThat(ticks.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anIdleTickerWaitsAndAHurryTicksAtOnceThenAtTheBusyPeriod() throws InterruptedException {
        AtomicBoolean busy = new AtomicBoolean();
        AtomicInteger count = new AtomicInteger();
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch five = new CountDownLatch(5);
        try (PacedTicker ticker = new PacedTicker("test-hurry", BUSY, IDLE, busy::get, () -> {
            count.incrementAndGet();
            first.countDown();
            five.countDown();
        }).start()) {
            assertThat(first.await(300, TimeUnit.MILLISECONDS)).as("no tick while idle").isFalse();
            busy.set(true);
            ticker.hurry();
            assertThat(five.await(10, TimeUnit.SECONDS)).as("a tick at once, then the busy period").isTrue();
            busy.set(false);
            ticker.hurry();
            Thread.sleep(1000);
            int settled = count.get();
            Thread.sleep(300);
            assertThat(count.get()).as("idle again after the tick of the hurry").isEqualTo(settled);
        }
    }

    @Test
    void aTaskThatThrowsIsTickedAgain() throws InterruptedException {
        CountDownLatch ticks = new CountDownLatch(3);
        try (PacedTicker ticker = new PacedTicker("test-throws", BUSY, IDLE, () -> true, () -> {
            ticks.countDown();
            throw new IllegalStateException("boom");
        }).start()) {
            assertThat(ticks.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void closeEndsAnIdleTickerAtOnce() {
        AtomicInteger count = new AtomicInteger();
        PacedTicker ticker = new PacedTicker("test-close", BUSY, IDLE, () -> false, count::incrementAndGet).start();
        ticker.close();
        assertThat(Thread.getAllStackTraces().keySet()).as("ended within close's second, not at the idle tick")
                .noneMatch(t -> t.getName().equals("test-close"));
        assertThat(count.get()).isZero();
    }

    @Test
    void theIdlePeriodIsAtLeastTheBusyOne() {
        assertThatThrownBy(() -> new PacedTicker("x", Duration.ofSeconds(1), Duration.ofMillis(100), () -> true, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idle period");
    }
}
