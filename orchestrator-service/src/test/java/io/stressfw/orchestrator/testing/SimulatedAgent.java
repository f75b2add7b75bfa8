package io.stressfw.orchestrator.testing;

import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import io.stressfw.model.Command;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.MetricSample;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.ResourceKind;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.SourceKind;
import io.stressfw.model.StopCommand;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.WireCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays one load agent, and the metrics-service of its host, as the wire model defines them, for tests of the
 * orchestrator alone: it heartbeats, reads the commands, and every 100 ms reports each generator at what the last
 * phase command asked (load x weight) times its {@code achievedShare} (1: exactly the target), zero after a stop, and
 * a host sample whose {@code cpu_usage} is 5 plus the load. So a cycle has the agent the orchestrator requires and
 * completes with its targets met, or (share below 1) falls short of them. On the in-memory connector, or on a real
 * broker.
 */
public final class SimulatedAgent implements AutoCloseable {
    private final String id;
    private final double achievedShare;
    private final Transport transport;
    private final ScheduledExecutorService timer;
    private final long startedAtMs = System.currentTimeMillis();
    private PhaseCommand current;
    private long ticks;

    private interface Transport extends AutoCloseable {
        List<String> newCommands();

        void send(String topic, String key, String json);

        @Override
        void close();
    }

    private SimulatedAgent(String id, double achievedShare, Transport transport) {
        this.id = id;
        this.achievedShare = achievedShare;
        this.transport = transport;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "simulated-agent-" + id);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::tickSafely, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** An agent on the in-memory channels of the application under test that achieves exactly its targets. */
    public static SimulatedAgent inMemory(InMemoryConnector connector, String id) {
        return inMemory(connector, id, 1);
    }

    /** An agent on the in-memory channels that achieves {@code achievedShare} of each target. */
    public static SimulatedAgent inMemory(InMemoryConnector connector, String id, double achievedShare) {
        InMemorySink<String> commands = connector.sink("commands-out");
        InMemorySource<String> heartbeats = connector.source("heartbeats-in");
        InMemorySource<String> samples = connector.source("samples-in");
        return new SimulatedAgent(id, achievedShare, new Transport() {
            private int seen;

            @Override
            public List<String> newCommands() {
                List<? extends Message<String>> all = List.copyOf(commands.received());
                if (all.size() < seen) {
                    seen = 0;
                }
                List<String> fresh = new ArrayList<>();
                for (int i = seen; i < all.size(); i++) {
                    fresh.add(all.get(i).getPayload());
                }
                seen = all.size();
                return fresh;
            }

            @Override
            public void send(String topic, String key, String json) {
                (topic.equals(Topics.HEARTBEATS) ? heartbeats : samples).send(json);
            }

            @Override
            public void close() {
            }
        });
    }

    /** An agent on a real broker: its own consumer group on {@code stress.commands}, from the latest offset. */
    public static SimulatedAgent onBroker(String bootstrapServers, String id) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "simulated-agent-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        consumer.subscribe(List.of(Topics.COMMANDS));
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        return new SimulatedAgent(id, 1, new Transport() {
            @Override
            public List<String> newCommands() {
                List<String> fresh = new ArrayList<>();
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                    fresh.add(record.value());
                }
                return fresh;
            }

            @Override
            public void send(String topic, String key, String json) {
                producer.send(new ProducerRecord<>(topic, key, json));
            }

            @Override
            public void close() {
                consumer.close();
                producer.close();
            }
        });
    }

    public String id() {
        return id;
    }

    /** Waits, polling with a deadline, until {@code listedIds} (e.g. GET /agents) names this agent; at most 10 s. */
    public SimulatedAgent awaitListed(java.util.function.Supplier<List<String>> listedIds) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!listedIds.get().contains(id)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("agent " + id + " not listed by the orchestrator within 10 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return this;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // A test double must not die on one bad tick; the next one tries again.
        }
    }

    private void tick() throws RuntimeException {
        for (String json : transport.newCommands()) {
            Command command;
            try {
                command = WireCodec.decode(json, Command.class);
            } catch (Exception e) {
                continue;
            }
            if (command instanceof PhaseCommand phase) {
                current = phase;
            } else if (command instanceof StopCommand) {
                current = null;
            }
        }
        long now = System.currentTimeMillis();
        if (ticks++ % 5 == 0) {
            transport.send(Topics.HEARTBEATS, id, WireCodec.encode(new Heartbeat(Versioned.SCHEMA_VERSION, id,
                    ServiceKind.AGENT, "test", "host-" + id, startedAtMs, now, Map.of())));
        }
        Map<String, GeneratorReading> generators = new LinkedHashMap<>();
        for (ResourceKind kind : ResourceKind.values()) {
            double target = current == null ? 0 : Math.min(100, current.targetLoadPercent() * current.weights().of(kind));
            generators.put(kind.wireName(), new GeneratorReading(target, target * achievedShare, null, null));
        }
        transport.send(Topics.SAMPLES, id, WireCodec.encode(new MetricSample(Versioned.SCHEMA_VERSION, id,
                SourceKind.AGENT, "host-" + id, now, current == null ? null : current.cycleId(),
                current == null ? null : current.phase(), Map.of(), generators)));
        double load = current == null ? 0 : current.targetLoadPercent();
        transport.send(Topics.SAMPLES, "host-" + id, WireCodec.encode(new MetricSample(Versioned.SCHEMA_VERSION,
                "host-" + id, SourceKind.HOST, "host-" + id, now, null, null,
                Map.of("cpu_usage", Math.min(100, 5 + load), "memory_usage", 30.0), Map.of())));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
    }
}
