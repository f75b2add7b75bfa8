package io.stressfw.orchestrator.cluster;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.MetricSample;
import io.stressfw.model.SafetyEvent;
import io.stressfw.model.Violation;
import io.stressfw.orchestrator.cycle.CycleService;
import io.stressfw.service.InboundMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/**
 * The Kafka consumers: heartbeats, samples and safety events, each decoded and handled through
 * {@link InboundMessages#handle}: a message that cannot be read or whose handling throws is dead-lettered and
 * skipped, and the consumer goes on (its {@code failure-strategy} is {@code ignore} for anything else).
 */
@ApplicationScoped
public class ClusterConsumers {
    private final InboundMessages inbound;
    private final ClusterState cluster;
    private final CycleService cycles;

    @Inject
    public ClusterConsumers(InboundMessages inbound, ClusterState cluster, CycleService cycles) {
        this.inbound = inbound;
        this.cluster = cluster;
        this.cycles = cycles;
    }

    @Incoming("heartbeats-in")
    public CompletionStage<Void> heartbeat(Message<String> message) {
        inbound.handle(message, Heartbeat.class, cluster::onHeartbeat);
        return message.ack();
    }

    @Incoming("samples-in")
    public CompletionStage<Void> sample(Message<String> message) {
        inbound.handle(message, MetricSample.class, cluster::onSample);
        return message.ack();
    }

    /** Blocking: a stop violation takes the engine's lock and emits the emergency stop. */
    @Incoming("violations-in")
    @Blocking(ordered = true)
    public CompletionStage<Void> safetyEvent(Message<String> message) {
        inbound.handle(message, SafetyEvent.class, event -> {
            if (event instanceof Violation violation) {
                cycles.onViolation(violation);
            } else if (event instanceof BreakerTransition transition) {
                cycles.onBreaker(transition);
            }
        });
        return message.ack();
    }
}
