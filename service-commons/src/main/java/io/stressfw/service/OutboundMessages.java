package io.stressfw.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.stressfw.model.Versioned;
import io.stressfw.model.WireCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes wire payloads to Kafka, the counterpart of {@link InboundMessages}. A send never throws into its caller and
 * never waits: it starts at once (not when someone subscribes), and the returned Uni tells when Kafka acknowledged it.
 * A failure (broker away, buffer full) is counted ({@code stress_messages_unsent_total{type}}) and logged: at the
 * caller's level the first time in {@value #QUIET_MS} ms for that payload type, at DEBUG after that, so a broker
 * outage does not flood the log with ten failed samples a second.
 */
@ApplicationScoped
public class OutboundMessages {
    private static final Logger LOG = Logger.getLogger(OutboundMessages.class);
    public static final String UNSENT_COUNTER = "stress.messages.unsent";
    static final long QUIET_MS = 10_000;

    private final MeterRegistry registry;
    private final Map<String, Long> lastLoggedMs = new ConcurrentHashMap<>();

    @Inject
    public OutboundMessages(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Sends {@code payload} keyed by {@code key}; a failure is logged at WARN. */
    public Uni<Void> send(MutinyEmitter<String> channel, String key, Versioned payload) {
        return send(channel, key, payload, Logger.Level.WARN);
    }

    /** As {@link #send(MutinyEmitter, String, Versioned)}, logging a failure at {@code failureLevel}. */
    public Uni<Void> send(MutinyEmitter<String> channel, String key, Versioned payload, Logger.Level failureLevel) {
        String type = payload.getClass().getSimpleName();
        Uni<Void> sent;
        try {
            Message<String> message = Message.of(WireCodec.encode(payload))
                    .addMetadata(OutgoingKafkaRecordMetadata.builder().withKey(key).build());
            sent = channel.sendMessage(message).memoize().indefinitely();
        } catch (RuntimeException e) {
            sent = Uni.createFrom().failure(e);
        }
        sent.subscribe().with(ok -> { }, e -> failed(type, key, e, failureLevel));
        return sent;
    }

    private void failed(String type, String key, Throwable e, Logger.Level level) {
        registry.counter(UNSENT_COUNTER, "type", type).increment();
        long now = System.nanoTime() / 1_000_000;
        Long last = lastLoggedMs.get(type);
        boolean loud = last == null || now - last >= QUIET_MS || level == Logger.Level.ERROR || level == Logger.Level.FATAL;
        if (loud) {
            lastLoggedMs.put(type, now);
        }
        LOG.logf(loud ? level : Logger.Level.DEBUG, "%s keyed %s not sent: %s", type, key, e.getMessage());
    }
}
