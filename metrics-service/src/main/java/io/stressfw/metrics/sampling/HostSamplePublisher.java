package io.stressfw.metrics.sampling;

import io.stressfw.model.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sends this host's samples to {@link Topics#SAMPLES}, keyed by host id, with a Kafka producer of its own called on
 * the sampling thread.
 * <p>
 * This is the one wire payload not sent through {@code io.stressfw.service.OutboundMessages}, on purpose: the
 * sampling thread sends each sample itself because that was measured cheaper. Through a SmallRye emitter (which
 * OutboundMessages needs) each sample also crossed a Mutiny pipeline, a hop to SmallRye's sending thread and a
 * completion callback: 14 % of the sampler thread in a profile, plus a producer thread of its own
 * ({@code docs/benchmarks.md}, metrics: that thread went from 0.27 % to 0.03 % of a core with this class). What
 * OutboundMessages gives is kept here too: a send never throws into the sampling loop and never waits for the broker
 * beyond {@link #MAX_BLOCK_MS}, and every sample not delivered is reported to {@code onFailure}, which counts it
 * ({@code stress_samples_dropped_total}) and logs rate-limited.
 * <p>
 * The producer is tuned for a stream in which the next sample replaces a lost one, and a late one is worth nothing:
 * <ul>
 *     <li>{@code linger.ms=0}: one sample per interval, waiting for more never batches any;</li>
 *     <li>{@code acks=1}, no retries, so no idempotence is needed: a retried sample could arrive twice and be
 *     counted twice, a failed one is dropped and counted;</li>
 *     <li>{@code max.block.ms}: while the broker is unknown a send waits at most this long for metadata, well within
 *     the interval, so the sampling thread keeps its pace;</li>
 *     <li>{@code delivery.timeout.ms}: a sample still undelivered after it is dropped, not sent minutes late.</li>
 * </ul>
 * Everything else (bootstrap servers, security) comes from Quarkus's {@code kafka.*} configuration.
 */
public final class HostSamplePublisher implements AutoCloseable {
    static final int MAX_BLOCK_MS = 20;
    static final int REQUEST_TIMEOUT_MS = 4_000;
    static final int DELIVERY_TIMEOUT_MS = 5_000;

    private final Producer<String, String> producer;
    private final Consumer<Exception> onFailure;

    public HostSamplePublisher(Map<String, Object> kafkaConfig, String clientId, Consumer<Exception> onFailure) {
        this.producer = new KafkaProducer<>(producerConfig(kafkaConfig, clientId), new StringSerializer(),
                new StringSerializer());
        this.onFailure = onFailure;
    }

    static Map<String, Object> producerConfig(Map<String, Object> kafkaConfig, String clientId) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        config.put(ProducerConfig.RETRIES_CONFIG, 0);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        return config;
    }

    /**
     * Hands one sample to the producer. A failure is reported to {@code onFailure}, either at once (no metadata
     * within {@link #MAX_BLOCK_MS}) or later from the producer's network thread (not delivered in time).
     */
    public void publish(String hostId, String json) {
        try {
            producer.send(new ProducerRecord<>(Topics.SAMPLES, hostId, json), (metadata, error) -> {
                if (error != null) {
                    onFailure.accept(error);
                }
            });
        } catch (RuntimeException e) {
            onFailure.accept(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(1));
    }
}
