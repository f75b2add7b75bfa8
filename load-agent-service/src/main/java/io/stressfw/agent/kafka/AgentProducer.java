package io.stressfw.agent.kafka;

import io.stressfw.model.Versioned;
import io.stressfw.model.WireCodec;
import io.stressfw.service.AwakeTime;
import io.stressfw.service.UnsentMessages;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The agent's one producer: samples, probe samples, heartbeats and dead letters, each encoded from the wire model and
 * keyed by its source. A send never throws into its caller; the future completes when the broker acknowledged the
 * record, or exceptionally, the failure counted and logged by {@link UnsentMessages}. While the broker is away a send
 * waits at most {@link #MAX_BLOCK} for the topic's metadata or for room in the buffer, then fails: a sample is worth
 * something only fresh, and the timers that send must keep their pace. When the broker last acknowledged a record is
 * what the agent's broker watch goes by.
 */
public final class AgentProducer implements AutoCloseable {
    static final Duration MAX_BLOCK = Duration.ofMillis(500);
    /** A closing agent waits this long for records still unsent (the broker may be gone). */
    static final Duration CLOSE_TIMEOUT = Duration.ofMillis(500);

    private final KafkaProducer<String, String> producer;
    private final UnsentMessages unsent;
    private volatile long lastAcknowledgedNanos = Long.MIN_VALUE;

    public AgentProducer(Map<String, Object> clientSettings, String clientId, UnsentMessages unsent) {
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(config);
        this.unsent = unsent;
    }

    /** Sends {@code payload} to {@code topic} keyed by {@code key}; a failure is logged at {@code failureLevel}. */
    public CompletableFuture<Void> send(String topic, String key, Versioned payload, Logger.Level failureLevel) {
        String type = payload.getClass().getSimpleName();
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, key, WireCodec.encode(payload)), (metadata, e) -> {
                if (e == null) {
                    lastAcknowledgedNanos = AwakeTime.system().nanos();
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            sent.completeExceptionally(e);
        }
        sent.whenComplete((ok, e) -> {
            if (e != null) {
                unsent.failed(type, key, e, failureLevel);
            }
        });
        return sent;
    }

    /** When the broker last acknowledged a record ({@link AwakeTime#system()}), {@link Long#MIN_VALUE} before the first. */
    public long lastAcknowledgedNanos() {
        return lastAcknowledgedNanos;
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
