package io.stressfw.orchestrator.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fans live messages out to every /ws client and every /metrics/stream subscriber. Sends are non-blocking: a slow
 * or closed client loses its message, never holds up the others or the engine.
 */
@ApplicationScoped
public class LiveFeed {
    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    private final OpenConnections connections;
    private final ObjectMapper mapper;
    private final BroadcastProcessor<String> stream = BroadcastProcessor.create();
    /** Connections that already received their opening state message; only they get live messages. */
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    /** Subscribers of {@link #stream()} (Server-Sent Events) now. */
    private final AtomicInteger streamSubscribers = new AtomicInteger();

    @Inject
    public LiveFeed(OpenConnections connections, ObjectMapper mapper) {
        this.connections = connections;
        this.mapper = mapper;
    }

    public void publish(Map<String, Object> message) {
        String json = toJson(message);
        for (WebSocketConnection connection : connections) {
            if (connection.isOpen() && ready.contains(connection.id())) {
                connection.sendText(json).subscribe().with(ok -> { }, failure ->
                        LOG.debugf("Live message not delivered to %s: %s", connection.id(), failure.getMessage()));
            }
        }
        stream.onNext(json);
    }

    public void ready(WebSocketConnection connection) {
        ready.add(connection.id());
    }

    public void closed(WebSocketConnection connection) {
        ready.remove(connection.id());
    }

    /** Every live message as JSON, for Server-Sent Events. */
    public Multi<String> stream() {
        return stream.onSubscription().invoke(streamSubscribers::incrementAndGet)
                .onTermination().invoke(streamSubscribers::decrementAndGet);
    }

    /**
     * Whether anyone listens: a WebSocket client that received its opening state, or a stream subscriber. Periodic
     * messages that nobody would receive are not worth building.
     */
    public boolean hasListeners() {
        return !ready.isEmpty() || streamSubscribers.get() > 0;
    }

    public int clientCount() {
        int count = 0;
        for (WebSocketConnection ignored : connections) {
            count++;
        }
        return count;
    }

    public String toJson(Object message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode live message", e);
        }
    }
}
