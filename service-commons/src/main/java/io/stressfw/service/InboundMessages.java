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

/**
 * Reads wire payloads from Kafka. A message that cannot be read is logged, counted
 * ({@code stress_messages_malformed_total{topic,consumer}}), forwarded to {@code stress.dlq} with the reason, and
 * skipped: a poison message never stops a consumer.
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
     * Dead-letters a payload that was read but cannot be used (for example a command that breaks a cap). The send
     * cannot fail the consumer: a broker that refuses the dead letter loses only the letter.
     */
    public void reject(String topic, int partition, long offset, String key, String payload, String reason) {
        String consumer = identity.instanceId();
        LOG.warnf("Skipping malformed message on %s[%d]@%d: %s", topic, partition, offset, reason);
        registry.counter(MALFORMED_COUNTER, "topic", topic, "consumer", identity.kind().wireName()).increment();
        DeadLetter letter = new DeadLetter(Versioned.SCHEMA_VERSION, System.currentTimeMillis(), topic, partition, offset,
                key, payload, reason, consumer);
        outbound.send(deadLetters, consumer, letter);
    }
}
