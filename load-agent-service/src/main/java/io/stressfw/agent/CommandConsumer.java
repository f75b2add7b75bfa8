package io.stressfw.agent;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.stressfw.agent.control.CommandIntake;
import io.stressfw.model.Topics;
import io.stressfw.service.InboundMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Feeds {@code stress.commands} and {@code stress.violations}, read by one consumer (channel {@code control-in}), to
 * the agent's {@link CommandIntake}, which decides what each record means (and dead-letters what it cannot use
 * through {@link InboundMessages#reject}). Every message is acknowledged whatever happened to it: the intake never
 * throws, and the channel's failure strategy is {@code ignore} besides, so no record can end the consumer.
 */
@ApplicationScoped
public class CommandConsumer {
    private final CommandIntake intake;
    private final SamplePublisher samples;

    @Inject
    public CommandConsumer(AgentRuntime runtime, InboundMessages inbound, SamplePublisher samples) {
        this.samples = samples;
        this.intake = new CommandIntake(runtime.controller(), Topics.COMMANDS, (record, reason) -> inbound.reject(
                record.topic(), record.partition(), record.offset(), record.key(), record.payload(), reason));
    }

    @Incoming("control-in")
    public CompletionStage<Void> onRecord(Message<String> message) {
        CommandIntake.InboundRecord record = record(message);
        if (Topics.VIOLATIONS.equals(record.topic())) {
            intake.onSafetyEvent(record);
        } else {
            // The intake dead-letters a record of any topic other than the commands topic.
            intake.onCommand(record);
            // An idle agent samples once a second: a command that loads it gets its first sample out now.
            samples.nudge();
        }
        return message.ack();
    }

    private static CommandIntake.InboundRecord record(Message<String> message) {
        Optional<IncomingKafkaRecordMetadata> meta = message.getMetadata(IncomingKafkaRecordMetadata.class);
        Object key = meta.map(IncomingKafkaRecordMetadata::getKey).orElse(null);
        return new CommandIntake.InboundRecord(meta.map(IncomingKafkaRecordMetadata::getTopic).orElse(Topics.COMMANDS),
                meta.map(IncomingKafkaRecordMetadata::getPartition).orElse(-1),
                meta.map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L),
                key == null ? null : key.toString(), message.getPayload());
    }
}
