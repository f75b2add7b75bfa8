package io.stressfw.agent;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.stressfw.agent.control.CommandIntake;
import io.stressfw.service.InboundMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Feeds {@code stress.commands} and {@code stress.violations} to the agent's {@link CommandIntake}, which decides what
 * each record means (and dead-letters what it cannot use through {@link InboundMessages#reject}). Every message is
 * acknowledged whatever happened to it: the intake never throws, and the channels' failure strategy is {@code ignore}
 * besides, so no record can end a consumer.
 */
@ApplicationScoped
public class CommandConsumer {
    private final CommandIntake intake;
    private final SamplePublisher samples;
    private final String commandsTopic;
    private final String violationsTopic;

    @Inject
    public CommandConsumer(AgentRuntime runtime, InboundMessages inbound, SamplePublisher samples,
                           @ConfigProperty(name = "mp.messaging.incoming.commands-in.topic", defaultValue = "stress.commands") String commandsTopic,
                           @ConfigProperty(name = "mp.messaging.incoming.violations-in.topic", defaultValue = "stress.violations") String violationsTopic) {
        this.samples = samples;
        this.commandsTopic = commandsTopic;
        this.violationsTopic = violationsTopic;
        this.intake = new CommandIntake(runtime.controller(), commandsTopic, (record, reason) -> inbound.reject(
                record.topic(), record.partition(), record.offset(), record.key(), record.payload(), reason));
    }

    @Incoming("commands-in")
    public CompletionStage<Void> onCommand(Message<String> message) {
        intake.onCommand(record(message, commandsTopic));
        // An idle agent samples once a second: a command that loads it gets its first sample out now.
        samples.nudge();
        return message.ack();
    }

    @Incoming("violations-in")
    public CompletionStage<Void> onSafetyEvent(Message<String> message) {
        intake.onSafetyEvent(record(message, violationsTopic));
        return message.ack();
    }

    private static CommandIntake.InboundRecord record(Message<String> message, String defaultTopic) {
        Optional<IncomingKafkaRecordMetadata> meta = message.getMetadata(IncomingKafkaRecordMetadata.class);
        Object key = meta.map(IncomingKafkaRecordMetadata::getKey).orElse(null);
        return new CommandIntake.InboundRecord(meta.map(IncomingKafkaRecordMetadata::getTopic).orElse(defaultTopic),
                meta.map(IncomingKafkaRecordMetadata::getPartition).orElse(-1),
                meta.map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L),
                key == null ? null : key.toString(), message.getPayload());
    }
}
