package io.stressfw.safety.kafka;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.stressfw.model.MetricSample;
import io.stressfw.model.PhaseEvent;
import io.stressfw.safety.SafetyService;
import io.stressfw.service.InboundMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The Kafka consumers: samples and phase events into the safety engine. A sample that was already in the log when
 * this instance got its partition is history and skipped before it is even decoded ({@link SamplesReplayBoundary});
 * a message that cannot be read, or whose evaluation throws, is dead-lettered and skipped
 * ({@link InboundMessages#handle}): one sample never stops the evaluation of the next ones.
 */
@ApplicationScoped
public class SafetyInbound {
    private final InboundMessages inbound;
    private final SafetyService safety;
    private final SamplesReplayBoundary replay;

    @Inject
    public SafetyInbound(InboundMessages inbound, SafetyService safety, SamplesReplayBoundary replay) {
        this.inbound = inbound;
        this.safety = safety;
        this.replay = replay;
    }

    @Incoming("samples-in")
    public CompletionStage<Void> onSample(Message<String> message) {
        Optional<IncomingKafkaRecordMetadata> meta = message.getMetadata(IncomingKafkaRecordMetadata.class);
        if (meta.isPresent() && replay.isHistory(meta.get().getPartition(), meta.get().getOffset())) {
            safety.historySkipped();
            return message.ack();
        }
        inbound.handle(message, MetricSample.class, safety::onSample);
        return message.ack();
    }

    @Incoming("phase-events-in")
    public CompletionStage<Void> onPhaseEvent(Message<String> message) {
        inbound.handle(message, PhaseEvent.class, safety::onPhaseEvent);
        return message.ack();
    }
}
