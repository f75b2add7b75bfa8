package io.stressfw.agent.control;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stressfw.agent.kafka.AgentProducer;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.service.UnsentMessages;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One agent wired as the service wires it, without Quarkus: a {@link TestAgents} controller (the system's clocks unless
 * its builder says otherwise), its own broadcast consumer of commands and violations (own group, from the end of the
 * topics) handing every record to the service's {@link CommandIntake}, the service's {@link AgentProducer} sending a
 * heartbeat every second, and a broker watch on its acknowledgements. Dead letters are kept in
 * {@link #deadLetters}. Ready when built: its partitions are assigned and their positions fixed, so nothing sent
 * afterwards is missed.
 */
final class BroadcastAgent implements AutoCloseable {
    final TestAgents agent;
    /** The reasons of every record the intake dead-lettered. */
    final List<String> deadLetters = new CopyOnWriteArrayList<>();
    private final CommandIntake intake;
    private final KafkaConsumer<String, String> consumer;
    private final AgentProducer producer;
    private final ScheduledExecutorService heartbeats;
    private final BrokerWatch watch;
    private final Thread poller;
    private volatile boolean running = true;

    BroadcastAgent(String id, Path scratchBase, String bootstrapServers) throws InterruptedException {
        this(id, TestAgents.builder(id, scratchBase), bootstrapServers);
    }

    BroadcastAgent(String id, TestAgents.Builder agentBuilder, String bootstrapServers) throws InterruptedException {
        agent = agentBuilder.build();
        agent.controller.start();
        intake = new CommandIntake(agent.controller, Topics.COMMANDS, (record, reason) -> deadLetters.add(reason));
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, id + "-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        CountDownLatch assigned = new CountDownLatch(1);
        poller = new Thread(() -> poll(assigned), id + "-poller");
        poller.setDaemon(true);
        poller.start();
        assertThat(assigned.await(30, TimeUnit.SECONDS)).as("partitions assigned").isTrue();
        producer = new AgentProducer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), id,
                new UnsentMessages(new SimpleMeterRegistry()));
        long startedAtMs = System.currentTimeMillis();
        heartbeats = Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleAtFixedRate(() -> producer.send(Topics.HEARTBEATS, id, new Heartbeat(Versioned.SCHEMA_VERSION,
                id, ServiceKind.AGENT, "test", "localhost", startedAtMs, System.currentTimeMillis(), Map.of()),
                Logger.Level.DEBUG), 0, 1, TimeUnit.SECONDS);
        // The service's 3 s time-out would do; 2 s (twice the heartbeat interval) keeps the tests short.
        watch = new BrokerWatch(System::nanoTime, producer::lastAcknowledgedNanos, Duration.ofSeconds(2),
                agent.controller::onBrokerUnreachable).start();
    }

    AgentController controller() {
        return agent.controller;
    }

    private void poll(CountDownLatch assigned) {
        consumer.subscribe(List.of(Topics.COMMANDS, Topics.VIOLATIONS));
        while (running) {
            try {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(100))) {
                    handle(rec);
                }
                if (assigned.getCount() > 0 && consumer.assignment().size() >= 2) {
                    for (TopicPartition tp : consumer.assignment()) {
                        consumer.position(tp);
                    }
                    assigned.countDown();
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void handle(ConsumerRecord<String, String> rec) {
        CommandIntake.InboundRecord record = new CommandIntake.InboundRecord(rec.topic(), rec.partition(), rec.offset(),
                rec.key(), rec.value());
        if (rec.topic().equals(Topics.COMMANDS)) {
            intake.onCommand(record);
        } else {
            intake.onSafetyEvent(record);
        }
    }

    @Override
    public void close() {
        running = false;
        watch.close();
        heartbeats.shutdownNow();
        producer.close();
        consumer.wakeup();
        try {
            poller.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofMillis(500));
        agent.close();
    }
}
