package io.stressfw.orchestrator.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stressfw.orchestrator.cycle.ServiceStubs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The feed without Quarkus: what subscribers of the live stream see when many threads publish at once. */
class LiveFeedTest {
    private static final int THREADS = 8;
    private static final int MESSAGES_PER_THREAD = 5_000;

    @Test
    void manyThreadsPublishingAtOnceReachEverySubscriberOneMessageAtATime() throws Exception {
        LiveFeed feed = new LiveFeed(ServiceStubs.noConnections(), new ObjectMapper());
        List<Subscriber> subscribers = List.of(new Subscriber(), new Subscriber());
        subscribers.forEach(s -> feed.stream().subscribe().with(s::onNext, s::onFailure));

        CountDownLatch go = new CountDownLatch(1);
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread publisher = new Thread(() -> {
                awaitQuietly(go);
                for (int i = 0; i < MESSAGES_PER_THREAD; i++) {
                    feed.publish(Map.of("type", "test", "thread", thread, "n", i));
                }
            }, "publisher-" + t);
            publisher.start();
            publishers.add(publisher);
        }
        go.countDown();
        for (Thread publisher : publishers) {
            publisher.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(publisher.isAlive()).as("%s finished", publisher.getName()).isFalse();
        }

        for (Subscriber subscriber : subscribers) {
            assertThat(subscriber.failure).as("no subscriber is failed").isNull();
            assertThat(subscriber.overlaps.get()).as("onNext calls that overlapped another one").isZero();
            assertThat(subscriber.received.get()).isEqualTo((long) THREADS * MESSAGES_PER_THREAD);
            assertThat(subscriber.distinct).hasSize(THREADS * MESSAGES_PER_THREAD);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts what it receives and notices any onNext that starts while another one is still running. */
    private static final class Subscriber {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicLong received = new AtomicLong();
        final Set<String> distinct = ConcurrentHashMap.newKeySet();
        volatile Throwable failure;

        void onNext(String json) {
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            distinct.add(json);
            received.incrementAndGet();
            inside.decrementAndGet();
        }

        void onFailure(Throwable t) {
            failure = t;
        }
    }
}
