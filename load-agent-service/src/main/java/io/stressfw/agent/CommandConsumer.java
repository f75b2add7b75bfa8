package io.stressfw.agent;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.stressfw.agent.control.CommandOutcome;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.Command;
import io.stressfw.model.SafetyEvent;
import io.stressfw.model.Violation;
import io.stressfw.service.InboundMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Feeds {@code stress.commands} and {@code stress.violations} to the controller. A command that cannot be read, comes
 * from another topic, breaks a cap or names a network target outside the allowlist is dead-lettered with the reason.
 */
@ApplicationScoped
public class CommandConsumer {
    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

    private final AgentRuntime runtime;
    private final InboundMessages inbound;
    private final String commandsTopic;

    @Inject
    public CommandConsumer(AgentRuntime runtime, InboundMessages inbound,
                           @ConfigProperty(name = "mp.messaging.incoming.commands-in.topic", defaultValue = "stress.commands") String commandsTopic) {
        this.runtime = runtime;
        this.inbound = inbound;
        this.commandsTopic = commandsTopic;
    }

    @Incoming("commands-in")
    public CompletionStage<Void> onCommand(Message<String> message) {
        Optional<IncomingKafkaRecordMetadata> meta = message.getMetadata(IncomingKafkaRecordMetadata.class);
        if (meta.isPresent() && !commandsTopic.equals(meta.get().getTopic())) {
            reject(message, "command came from topic " + meta.get().getTopic() + ", agents obey only " + commandsTopic);
            return message.ack();
        }
        Optional<Command> command = inbound.read(message, Command.class);
        if (command.isEmpty()) {
            return message.ack();
        }
        CommandOutcome outcome = runtime.controller().onCommand(command.get());
        switch (outcome.kind()) {
            case REFUSED -> {
                LOG.warnf("Refused command %s: %s", command.get().commandId(), outcome.reason());
                reject(message, "refused: " + outcome.reason());
            }
            case IGNORED -> LOG.debugf("Ignored command %s: %s", command.get().commandId(), outcome.reason());
            case APPLIED -> LOG.infof("Applied %s", describe(command.get()));
            case RENEWED -> LOG.tracef("Renewed lease of %s", command.get().commandId());
        }
        return message.ack();
    }

    @Incoming("violations-in")
    public CompletionStage<Void> onSafetyEvent(Message<String> message) {
        Optional<SafetyEvent> event = inbound.read(message, SafetyEvent.class);
        if (event.isPresent() && event.get() instanceof Violation violation) {
            runtime.controller().onViolation(violation);
        } else if (event.isPresent() && event.get() instanceof BreakerTransition transition) {
            LOG.debugf("Breaker %s is %s; breakers are the orchestrator's business", transition.breakerId(), transition.to());
        }
        return message.ack();
    }

    private void reject(Message<String> message, String reason) {
        Optional<IncomingKafkaRecordMetadata> meta = message.getMetadata(IncomingKafkaRecordMetadata.class);
        Object key = meta.map(IncomingKafkaRecordMetadata::getKey).orElse(null);
        inbound.reject(meta.map(IncomingKafkaRecordMetadata::getTopic).orElse(commandsTopic),
                meta.map(IncomingKafkaRecordMetadata::getPartition).orElse(-1),
                meta.map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L),
                key == null ? null : key.toString(), message.getPayload(), reason);
    }

    private static String describe(Command command) {
        if (command instanceof io.stressfw.model.PhaseCommand phase) {
            return "phase command " + phase.commandId() + " (cycle " + phase.cycleId() + ", seq " + phase.sequence()
                    + ", " + phase.phase().wireName() + " " + phase.targetLoadPercent() + "% over " + phase.rampSeconds() + " s)";
        }
        return "stop command " + command.commandId();
    }
}
