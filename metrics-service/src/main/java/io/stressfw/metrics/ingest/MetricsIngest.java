package io.stressfw.metrics.ingest;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.stressfw.metrics.aggregation.MetricsAggregator;
import io.stressfw.metrics.prometheus.MetricsGauges;
import io.stressfw.metrics.sampling.HostSamplingService;
import io.stressfw.model.MetricSample;
import io.stressfw.model.PhaseEvent;
import io.stressfw.service.InboundMessages;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/**
 * Feeds every sample (hosts and agents) and every phase event into the aggregator and the gauges. A message that
 * cannot be read, or whose content the aggregator refuses, is dead-lettered and skipped; the stream goes on. This
 * instance's own host samples are skipped by key, before decoding: {@link HostSamplingService} aggregated them when
 * it took them.
 */
@ApplicationScoped
public class MetricsIngest {
    private final InboundMessages inbound;
    private final MetricsAggregator aggregator;
    private final MetricsGauges gauges;
    private final HostSamplingService hostSampling;

    public MetricsIngest(InboundMessages inbound, MetricsAggregator aggregator, MetricsGauges gauges,
                         HostSamplingService hostSampling) {
        this.inbound = inbound;
        this.aggregator = aggregator;
        this.gauges = gauges;
        this.hostSampling = hostSampling;
    }

    @Incoming("samples-in")
    public CompletionStage<Void> onSample(Message<String> message) {
        if (message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(meta -> hostSampling.isOwnSample(meta.getKey())).orElse(false)) {
            return message.ack();
        }
        inbound.read(message, MetricSample.class).ifPresent(sample -> handle(message, () -> {
            aggregator.accept(sample);
            gauges.update(sample);
        }));
        return message.ack();
    }

    @Incoming("phase-events-in")
    public CompletionStage<Void> onPhaseEvent(Message<String> message) {
        inbound.read(message, PhaseEvent.class).ifPresent(event -> handle(message, () -> aggregator.accept(event)));
        return message.ack();
    }

    private void handle(Message<String> message, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // Whatever a single message triggers, it must not stop the channel: it is dead-lettered with the reason.
            reject(message, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void reject(Message<String> message, String reason) {
        var meta = message.getMetadata(IncomingKafkaRecordMetadata.class);
        Object key = meta.map(IncomingKafkaRecordMetadata::getKey).orElse(null);
        inbound.reject(meta.map(IncomingKafkaRecordMetadata::getTopic).orElse("unknown"),
                meta.map(IncomingKafkaRecordMetadata::getPartition).orElse(-1),
                meta.map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L),
                key == null ? null : key.toString(), message.getPayload(), reason);
    }
}
