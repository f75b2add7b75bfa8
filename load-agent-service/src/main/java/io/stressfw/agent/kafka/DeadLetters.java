package io.stressfw.agent.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.stressfw.model.DeadLetter;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import org.jboss.logging.Logger;

/**
 * A record the agent cannot use is logged, counted ({@code stress_messages_malformed_total{topic,consumer}}) and
 * forwarded to {@code stress.dlq} with the reason, its topic, partition, offset and key; never throws: a broker that
 * refuses the letter loses only the letter (counted as unsent).
 */
public final class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    public static final String MALFORMED_COUNTER = "stress.messages.malformed";

    private final AgentProducer producer;
    private final MeterRegistry registry;
    private final String instanceId;
    private final String kind;

    public DeadLetters(AgentProducer producer, MeterRegistry registry, String instanceId, String kind) {
        this.producer = producer;
        this.registry = registry;
        this.instanceId = instanceId;
        this.kind = kind;
    }

    public void reject(String topic, int partition, long offset, String key, String payload, String reason) {
        try {
            LOG.warnf("Skipping malformed message on %s[%d]@%d: %s", topic, partition, offset, reason);
            registry.counter(MALFORMED_COUNTER, "topic", topic, "consumer", kind).increment();
            producer.send(Topics.DLQ, instanceId, new DeadLetter(Versioned.SCHEMA_VERSION, System.currentTimeMillis(),
                    topic, partition, offset, key, payload, reason, instanceId), Logger.Level.WARN);
        } catch (RuntimeException e) {
            LOG.errorf("Could not dead-letter the message at %s[%d]@%d (%s): %s", topic, partition, offset, reason,
                    e.getMessage());
        }
    }
}
