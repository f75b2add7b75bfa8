package io.stressfw.orchestrator.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.subscription.Cancellable;
import io.stressfw.orchestrator.cycle.ServiceStubs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether the feed has anyone to send to, which decides whether the periodic real_time_update is built at all. */
class LiveFeedListenersTest {
    @Test
    void aStreamSubscriberIsAListenerUntilItCancels() {
        LiveFeed feed = new LiveFeed(ServiceStubs.noConnections(), new ObjectMapper());
        assertThat(feed.hasListeners()).isFalse();

        List<String> received = new CopyOnWriteArrayList<>();
        Cancellable subscription = feed.stream().subscribe().with(received::add);
        assertThat(feed.hasListeners()).isTrue();
        feed.publish(Map.of("type", "real_time_update"));
        assertThat(received).hasSize(1);

        subscription.cancel();
        assertThat(feed.hasListeners()).isFalse();
    }
}
