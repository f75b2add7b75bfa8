package io.stressfw.agent;

import io.stressfw.agent.scope.PeerState;
import io.stressfw.model.Heartbeat;
import io.stressfw.service.InboundMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/**
 * Learns the agent's peers from {@code stress.heartbeats}: every replica reads every heartbeat (its own group id,
 * from the latest offset), and the agents of its scope become its peers. A heartbeat that cannot be read is
 * dead-lettered with the reason, like any other message.
 */
@ApplicationScoped
public class PeerConsumer {
    private final AgentRuntime runtime;
    private final InboundMessages inbound;

    @Inject
    public PeerConsumer(AgentRuntime runtime, InboundMessages inbound) {
        this.runtime = runtime;
        this.inbound = inbound;
    }

    @Incoming("heartbeats-in")
    public CompletionStage<Void> onHeartbeat(Message<String> message) {
        inbound.read(message, Heartbeat.class).flatMap(PeerState::from).ifPresent(runtime.peers()::onAnnouncement);
        return message.ack();
    }
}
