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
 * cannot be read, or whose handling throws (the aggregator refuses it), is dead-lettered and skipped; the stream goes
 * on ({@link InboundMessages#handle}; the channels' {@code failure-strategy} is {@code ignore} for Errors). This
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
        inbound.handle(message, MetricSample.class, sample -> {
            aggregator.accept(sample);
            gauges.update(sample);
        });
        return message.ack();
    }

    @Incoming("phase-events-in")
    public CompletionStage<Void> onPhaseEvent(Message<String> message) {
        inbound.handle(message, PhaseEvent.class, aggregator::accept);
        return message.ack();
    }
}
