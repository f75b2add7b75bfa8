package io.stressfw.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientShutdownTest {

    /** Each close waits until all three have begun: one after the other, the first would never see the others. */
    @Test
    void everyClientOfAKindClosesAtTheSameTime() {
        CountDownLatch allBegun = new CountDownLatch(3);
        AtomicInteger sawTheOthers = new AtomicInteger();
        Runnable close = () -> {
            allBegun.countDown();
            try {
                if (allBegun.await(5, TimeUnit.SECONDS)) {
                    sawTheOthers.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        assertThat(KafkaClientShutdown.closeTogether(List.of(close, close, close), Duration.ofSeconds(10))).isTrue();
        assertThat(sawTheOthers).hasValue(3);
    }

    @Test
    void aCloseThatFailsOrHangsDoesNotHoldTheShutdownPastTheBound() {
        CountDownLatch never = new CountDownLatch(1);
        Runnable hangs = () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Runnable fails = () -> {
            throw new IllegalStateException("broker gone");
        };
        assertThat(KafkaClientShutdown.closeTogether(List.of(fails, hangs), Duration.ofMillis(200))).isFalse();
        never.countDown();
    }
}
