package io.stressfw.orchestrator.cluster;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.MetricSample;
import io.stressfw.model.ProbeSources;
import io.stressfw.model.SafetyEvent;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Violation;
import io.stressfw.orchestrator.cycle.CycleService;
import io.stressfw.orchestrator.probe.ProbeReadings;
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
    private final ProbeReadings probes;

    @Inject
    public ClusterConsumers(InboundMessages inbound, ClusterState cluster, CycleService cycles, ProbeReadings probes) {
        this.inbound = inbound;
        this.cluster = cluster;
        this.cycles = cycles;
        this.probes = probes;
    }

    @Incoming("heartbeats-in")
    public CompletionStage<Void> heartbeat(Message<String> message) {
        inbound.handle(message, Heartbeat.class, cluster::onHeartbeat);
        return message.ack();
    }

    @Incoming("samples-in")
    public CompletionStage<Void> sample(Message<String> message) {
        inbound.handle(message, MetricSample.class, sample -> {
            // The agents' views of a run_on: agents probe judge the SLO and the steady state like the orchestrator's.
            if (sample.sourceKind() == SourceKind.PROBE && ProbeSources.agentOf(sample.sourceId()) != null) {
                probes.update(sample.sourceId(), sample.metrics());
            }
            cluster.onSample(sample);
        });
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
