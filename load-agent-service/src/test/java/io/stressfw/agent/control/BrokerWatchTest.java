package io.stressfw.agent.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BrokerWatchTest {
    private final AtomicBoolean brokerUp = new AtomicBoolean(true);
    private final AtomicBoolean restarted = new AtomicBoolean();
    private final AtomicInteger closed = new AtomicInteger();
    private final List<String> reasons = new CopyOnWriteArrayList<>();

    /**
     * The first client answers until the broker goes away, then never again (as an admin client that lived through a
     * broker's restart behind a proxy did for 2.5 minutes); any later client answers whenever the broker is up.
     */
    private BrokerWatch.ClusterProbe client(boolean first) {
        return new BrokerWatch.ClusterProbe() {
            @Override
            public void probe() {
                if (!brokerUp.get() || (first && restarted.get())) {
                    throw new IllegalStateException("no answer");
                }
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
    }

    @Test
    void aClientStuckAfterABrokerRestartIsReplacedSoTheAgentSeesTheBrokerAgain() {
        AtomicInteger made = new AtomicInteger();
        try (BrokerWatch watch = new BrokerWatch(() -> client(made.getAndIncrement() == 0), Duration.ofSeconds(1), reasons::add)
                .start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> made.get() == 1);
            assertThat(watch.reachable()).isTrue();

            restarted.set(true);
            brokerUp.set(false);
            await().atMost(Duration.ofSeconds(5)).until(() -> !watch.reachable());
            assertThat(reasons).isNotEmpty().allMatch(r -> r.startsWith("no answer from the broker for "));

            brokerUp.set(true);
            await().atMost(Duration.ofSeconds(6)).until(watch::reachable);
            assertThat(watch.clientsCreated()).isGreaterThanOrEqualTo(2);
            assertThat(closed.get()).as("every replaced client closed").isEqualTo(watch.clientsCreated() - 1);
        }
    }

    @Test
    void aWatchOnAnAnsweringBrokerKeepsItsOneClient() {
        AtomicInteger made = new AtomicInteger();
        try (BrokerWatch watch = new BrokerWatch(() -> client(made.getAndIncrement() == 0), Duration.ofSeconds(1), reasons::add)
                .start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> made.get() == 1);
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(watch::reachable);
            assertThat(watch.clientsCreated()).isEqualTo(1);
            assertThat(reasons).isEmpty();
        }
    }
}
