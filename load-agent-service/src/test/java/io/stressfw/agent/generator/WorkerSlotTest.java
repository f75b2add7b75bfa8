package io.stressfw.agent.generator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WorkerSlotTest {
    private final LoadThreads loadThreads = new LoadThreads();

    @Test
    void stopWakesAParkedWorkerSoItExitsAtOnce() throws InterruptedException {
        AtomicReference<WorkerSlot> slot = new AtomicReference<>();
        AtomicReference<Thread> worker = new AtomicReference<>();
        CountDownLatch parked = new CountDownLatch(1);
        slot.set(new WorkerSlot(loadThreads, "agent-test", () -> {
            Thread self = Thread.currentThread();
            worker.set(self);
            while (slot.get().owns(self)) {
                parked.countDown();
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(30));
            }
        }));
        slot.get().start();
        assertThat(parked.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(slot.get().running()).isTrue();

        slot.get().stop();

        assertThat(slot.get().empty()).isTrue();
        assertThat(slot.get().activeThreads()).isZero();
        await().atMost(Duration.ofMillis(500)).until(() -> !worker.get().isAlive());
    }

    @Test
    void aDetachedWorkerCannotTakeTheSlotOfItsSuccessor() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> first = new AtomicReference<>();
        WorkerSlot slot = new WorkerSlot(loadThreads, "agent-test", () -> {
            first.compareAndSet(null, Thread.currentThread());
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        slot.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.get() != null);
        slot.stop();
        slot.start();

        assertThat(slot.release(first.get())).isFalse();
        assertThat(slot.owns(first.get())).isFalse();
        assertThat(slot.running()).isTrue();
        release.countDown();
        slot.stop();
    }

    @Test
    void aWorkerEndingByItselfFreesTheSlotForTheNextStart() throws InterruptedException {
        AtomicReference<WorkerSlot> slot = new AtomicReference<>();
        CountDownLatch released = new CountDownLatch(1);
        slot.set(new WorkerSlot(loadThreads, "agent-test", () -> {
            if (slot.get().release(Thread.currentThread())) {
                released.countDown();
            }
        }));
        slot.get().start();
        assertThat(released.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(slot.get().empty()).isTrue();
        assertThat(slot.get().running()).isFalse();
    }
}
