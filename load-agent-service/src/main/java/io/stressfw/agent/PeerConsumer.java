package io.stressfw.agent;

import io.stressfw.agent.scope.PeerState;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.MalformedMessageException;
import io.stressfw.service.InboundMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/**
 * Learns the agent's peers from {@code stress.heartbeats}: every replica reads every heartbeat (its own group id,
 * from the latest offset), and the agents of its scope become its peers; the orchestrator's heartbeats tell it which
 * probes to run ({@link AgentProbePublisher}). A heartbeat that cannot be read (an assignment included) is
 * dead-lettered with the reason, like any other message.
 */
@ApplicationScoped
public class PeerConsumer {
    private final AgentRuntime runtime;
    private final InboundMessages inbound;
    private final AgentProbePublisher probes;

    @Inject
    public PeerConsumer(AgentRuntime runtime, InboundMessages inbound, AgentProbePublisher probes) {
        this.runtime = runtime;
        this.inbound = inbound;
        this.probes = probes;
    }

    @Incoming("heartbeats-in")
    public CompletionStage<Void> onHeartbeat(Message<String> message) {
        inbound.read(message, Heartbeat.class).ifPresent(heartbeat -> {
            PeerState.from(heartbeat).ifPresent(runtime.peers()::onAnnouncement);
            try {
                probes.onHeartbeat(heartbeat);
            } catch (MalformedMessageException e) {
                inbound.reject(message, e.getMessage());
            }
        });
        return message.ack();
    }
}
