package io.stressfw.agent.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The watch's rules on a clock moved by hand, its rounds called directly, and once on its own thread. */
class BrokerWatchTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong nanos = new AtomicLong(5_000 * MS);
    private final AtomicLong acknowledged = new AtomicLong(Long.MIN_VALUE);
    private final List<String> reasons = new CopyOnWriteArrayList<>();
    private final BrokerWatch watch = new BrokerWatch(nanos::get, acknowledged::get, Duration.ofSeconds(3), reasons::add);

    private void advance(long ms) {
        nanos.addAndGet(ms * MS);
    }

    private void acknowledge() {
        acknowledged.set(nanos.get());
    }

    @Test
    void acknowledgementsWithinTheTimeoutKeepTheBrokerReachable() {
        for (int second = 0; second < 30; second++) {
            acknowledge();
            advance(1000);
            watch.check();
        }
        assertThat(watch.reachable()).isTrue();
        assertThat(reasons).isEmpty();
    }

    @Test
    void silenceOverTheTimeoutStopsTheLoadAtEveryRoundUntilTheNextAcknowledgement() {
        acknowledge();
        advance(2999);
        watch.check();
        assertThat(watch.reachable()).isTrue();
        advance(1);
        watch.check();
        assertThat(watch.reachable()).isFalse();
        advance(500);
        watch.check();
        assertThat(reasons).containsExactly("no acknowledgement from the broker for 3000 ms",
                "no acknowledgement from the broker for 3500 ms");

        acknowledge();
        watch.check();
        assertThat(watch.reachable()).isTrue();
        assertThat(reasons).hasSize(2);
    }

    @Test
    void beforeAnyAcknowledgementTheSilenceCountsFromTheStart() {
        advance(2000);
        watch.check();
        assertThat(watch.reachable()).as("the first heartbeat has its time-out from the watch's making").isTrue();
        advance(1000);
        watch.check();
        assertThat(watch.reachable()).isFalse();
    }

    @Test
    void aSilentBrokerIsFoundByTheWatchsOwnThreadWithinARoundOfTheTimeout() {
        List<String> found = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        try (BrokerWatch running = new BrokerWatch(System::nanoTime, () -> Long.MIN_VALUE, Duration.ofSeconds(1),
                found::add).start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !found.isEmpty());
            assertThat(running.reachable()).isFalse();
        }
        assertThat((System.nanoTime() - started) / MS).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void refusesATimeoutUnderOneSecond() {
        assertThatThrownBy(() -> new BrokerWatch(nanos::get, acknowledged::get, Duration.ofMillis(999), reasons::add))
                .hasMessageContaining("broker timeout must be >= 1 s");
    }
}
