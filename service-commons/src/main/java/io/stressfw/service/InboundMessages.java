package io.stressfw.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.stressfw.model.DeadLetter;
import io.stressfw.model.MalformedMessageException;
import io.stressfw.model.Versioned;
import io.stressfw.model.WireCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads wire payloads from Kafka. A message that cannot be read is logged, counted
 * ({@code stress_messages_malformed_total{topic,consumer}}), forwarded to {@code stress.dlq} with the reason, and
 * skipped: a poison message never stops a consumer. {@link #handle} also dead-letters a message whose handling throws,
 * an Error included. Dead-lettering never throws either: a broker that refuses the letter loses only the letter
 * (counted in {@code stress_messages_unsent_total{type="DeadLetter"}}).
 */
@ApplicationScoped
public class InboundMessages {
    private static final Logger LOG = Logger.getLogger(InboundMessages.class);
    public static final String MALFORMED_COUNTER = "stress.messages.malformed";

    private final MutinyEmitter<String> deadLetters;
    private final OutboundMessages outbound;
    private final MeterRegistry registry;
    private final ServiceIdentity identity;

    @Inject
    public InboundMessages(@Channel("dead-letters") MutinyEmitter<String> deadLetters, OutboundMessages outbound,
                           MeterRegistry registry, ServiceIdentity identity) {
        this.deadLetters = deadLetters;
        this.outbound = outbound;
        this.registry = registry;
        this.identity = identity;
    }

    /** Decodes the message's payload, or dead-letters it and returns empty. */
    public <T extends Versioned> Optional<T> read(Message<String> message, Class<T> type) {
        Optional<IncomingKafkaRecordMetadata> meta = message.getMetadata(IncomingKafkaRecordMetadata.class);
        String topic = meta.map(IncomingKafkaRecordMetadata::getTopic).orElse("unknown");
        try {
            return Optional.of(WireCodec.decode(message.getPayload(), type));
        } catch (MalformedMessageException e) {
            int partition = meta.map(IncomingKafkaRecordMetadata::getPartition).orElse(-1);
            long offset = meta.map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
            Object key = meta.map(IncomingKafkaRecordMetadata::getKey).orElse(null);
            reject(topic, partition, offset, key == null ? null : key.toString(), message.getPayload(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Decodes the message's payload and hands it to {@code action}. A payload that cannot be read, or whose handling
     * throws, is dead-lettered with the reason and skipped; this method never throws. Errors are caught too: the
     * reactive pipeline treats an Error as fatal and ends the channel whatever its {@code failure-strategy}, and a
     * consumer that stopped (safety's samples, an agent's commands) is worse than one message lost.
     */
    public <T extends Versioned> void handle(Message<String> message, Class<T> type, Consumer<T> action) {
        Optional<T> value = read(message, type);
        if (value.isEmpty()) {
            return;
        }
        try {
            action.accept(value.get());
        } catch (Throwable e) {
            LOG.errorf(e, "Handling a %s failed", type.getSimpleName());
            reject(message, "handling failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Dead-letters a message that was read but cannot be used, with its topic, partition, offset and key. */
    public void reject(Message<String> message, String reason) {
        Optional<IncomingKafkaRecordMetadata> meta = message.getMetadata(IncomingKafkaRecordMetadata.class);
        Object key = meta.map(IncomingKafkaRecordMetadata::getKey).orElse(null);
        reject(meta.map(IncomingKafkaRecordMetadata::getTopic).orElse("unknown"),
                meta.map(IncomingKafkaRecordMetadata::getPartition).orElse(-1),
                meta.map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L),
                key == null ? null : key.toString(), message.getPayload(), reason);
    }

    /**
     * Dead-letters a payload that was read but cannot be used (for example a command that breaks a cap). Never throws:
     * a broker that refuses the dead letter, or anything else that fails here, loses only the letter.
     */
    public void reject(String topic, int partition, long offset, String key, String payload, String reason) {
        try {
            String consumer = identity.instanceId();
            LOG.warnf("Skipping malformed message on %s[%d]@%d: %s", topic, partition, offset, reason);
            registry.counter(MALFORMED_COUNTER, "topic", topic, "consumer", identity.kind().wireName()).increment();
            DeadLetter letter = new DeadLetter(Versioned.SCHEMA_VERSION, System.currentTimeMillis(), topic, partition,
                    offset, key, payload, reason, consumer);
            outbound.send(deadLetters, consumer, letter);
        } catch (RuntimeException e) {
            LOG.errorf("Could not dead-letter the message at %s[%d]@%d (%s): %s", topic, partition, offset, reason,
                    e.getMessage());
        }
    }
}
