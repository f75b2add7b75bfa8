package io.stressfw.orchestrator.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fans live messages out to every /ws client and every /metrics/stream subscriber. Messages come from several
 * threads at once (the engine, the consumers, the update timer): they pass through one serialized path, so that
 * every subscriber gets one message at a time, in the same order as every other (a Reactive Streams processor must
 * never see concurrent onNext calls). Publishing never blocks: a thread that finds the path busy leaves its message
 * to the thread already emitting. Sends are non-blocking too: a slow or closed client loses its message, never holds
 * up the others or the engine.
 */
@ApplicationScoped
public class LiveFeed {
    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    private final OpenConnections connections;
    private final ObjectMapper mapper;
    private final BroadcastProcessor<String> stream = BroadcastProcessor.create();
    /** The only way into {@link #stream}: its onNext calls never overlap. */
    private final SerializedProcessor<String, String> entry = stream.serialized();
    /** Connections that already received their opening state message; only they get live messages. */
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    /** Subscribers of {@link #stream()} (Server-Sent Events) now. */
    private final AtomicInteger streamSubscribers = new AtomicInteger();

    @Inject
    public LiveFeed(OpenConnections connections, ObjectMapper mapper) {
        this.connections = connections;
        this.mapper = mapper;
        stream.subscribe().with(this::toSockets);
    }

    public void publish(Map<String, Object> message) {
        entry.onNext(toJson(message));
    }

    /** On the serialized path: one message at a time, in order. */
    private void toSockets(String json) {
        try {
            for (WebSocketConnection connection : connections) {
                if (connection.isOpen() && ready.contains(connection.id())) {
                    connection.sendText(json).subscribe().with(ok -> { }, failure ->
                            LOG.debugf("Live message not delivered to %s: %s", connection.id(), failure.getMessage()));
                }
            }
        } catch (RuntimeException e) {
            // One failed fan-out must not end this subscription, or no client would get another message.
            LOG.warnf("Live message not fanned out to WebSocket clients: %s", e.getMessage());
        }
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
