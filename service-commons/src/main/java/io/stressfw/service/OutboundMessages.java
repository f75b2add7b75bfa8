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

/**
 * Writes wire payloads to Kafka, the counterpart of {@link InboundMessages}. A send never throws into its caller and
 * never waits: it starts at once (not when someone subscribes), and the returned Uni tells when Kafka acknowledged it.
 * A failure (broker away, buffer full) is counted and logged by {@link UnsentMessages}, quietly after its first.
 */
@ApplicationScoped
public class OutboundMessages {
    public static final String UNSENT_COUNTER = UnsentMessages.COUNTER;

    private final UnsentMessages unsent;

    @Inject
    public OutboundMessages(MeterRegistry registry) {
        this.unsent = new UnsentMessages(registry);
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
        sent.subscribe().with(ok -> { }, e -> unsent.failed(type, key, e, failureLevel));
        return sent;
    }
}
