package io.stressfw.safety.kafka;

import io.stressfw.model.MetricSample;
import io.stressfw.model.PhaseEvent;
import io.stressfw.safety.SafetyService;
import io.stressfw.service.InboundMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/** The Kafka consumers: samples and phase events into the safety engine; unreadable messages to the DLQ. */
@ApplicationScoped
public class SafetyInbound {
    private static final Logger LOG = Logger.getLogger(SafetyInbound.class);
    private final InboundMessages inbound;
    private final SafetyService safety;

    @Inject
    public SafetyInbound(InboundMessages inbound, SafetyService safety) {
        this.inbound = inbound;
        this.safety = safety;
    }

    @Incoming("samples-in")
    public CompletionStage<Void> onSample(Message<String> message) {
        try {
            inbound.read(message, MetricSample.class).ifPresent(safety::onSample);
        } catch (RuntimeException e) {
            // One sample must never stop the evaluation of the next ones.
            LOG.errorf(e, "Could not evaluate a sample");
        }
        return message.ack();
    }

    @Incoming("phase-events-in")
    public CompletionStage<Void> onPhaseEvent(Message<String> message) {
        try {
            inbound.read(message, PhaseEvent.class).ifPresent(safety::onPhaseEvent);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not apply a phase event");
        }
        return message.ack();
    }
}
