package io.stressfw.agent;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.agent.control.CommandIntake;
import io.stressfw.agent.kafka.AgentKafka;
import io.stressfw.agent.kafka.RecordLoop;
import io.stressfw.model.Topics;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.Map;

/**
 * Feeds {@code stress.commands} and {@code stress.violations}, read by one consumer, to the agent's
 * {@link CommandIntake}, which decides what each record means and dead-letters what it cannot use. Every replica reads
 * every record (a {@link RecordLoop}: a broadcast from the end of the topics). Closed after the departure, which still
 * needs Kafka, together with the heartbeat consumer.
 */
@Singleton
public class CommandConsumer {
    /**
     * An idle fetch waits on the broker for up to 1 s instead of Kafka's 0.5 s: with fetch.min.bytes=1 the broker
     * answers a waiting fetch the moment a command or violation arrives, so this adds no latency while both partitions
     * are read. Not longer: when {@code stress.commands} changes leader (a broker restarted, or fenced after a pause
     * longer than its session), the consumer checks its position there while a fetch of the violations alone waits on
     * the broker, and reads no command until that fetch returns. At 5 s that was the agent's whole lease: after the
     * machine paused, the renewals sat unread and every agent stopped its load (docs/benchmarks.md, "A paused machine").
     */
    static final Map<String, Object> FETCH = Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1000);
    /** One consumer for both: an idle consumer costs its poll loop on every node under test. */
    static final List<String> TOPICS = List.of(Topics.COMMANDS, Topics.VIOLATIONS);

    private final AgentKafka kafka;
    private final SamplePublisher samples;
    private final CommandIntake intake;
    private RecordLoop loop;

    @Inject
    public CommandConsumer(AgentRuntime runtime, AgentKafka kafka, SamplePublisher samples) {
        this.kafka = kafka;
        this.samples = samples;
        this.intake = new CommandIntake(runtime.controller(), Topics.COMMANDS, (record, reason) -> kafka.deadLetters()
                .reject(record.topic(), record.partition(), record.offset(), record.key(), record.payload(), reason));
    }

    void onStart(@Observes StartupEvent event) {
        loop = new RecordLoop("agent-control-in", kafka.settings(), FETCH, TOPICS,
                this::onRecord, kafka.deadLetters()).start();
    }

    void onStop(@Observes @Priority(200) ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
    }

    /** Whether the consumer reads its topics yet. */
    public boolean reading() {
        return loop != null && loop.assigned();
    }

    void onRecord(ConsumerRecord<String, String> rec) {
        CommandIntake.InboundRecord record = new CommandIntake.InboundRecord(rec.topic(), rec.partition(), rec.offset(),
                rec.key(), rec.value());
        if (Topics.VIOLATIONS.equals(rec.topic())) {
            intake.onSafetyEvent(record);
        } else {
            intake.onCommand(record);
            // An idle agent samples once a second: a command that loads it gets its first sample out now.
            samples.nudge();
        }
    }
}
