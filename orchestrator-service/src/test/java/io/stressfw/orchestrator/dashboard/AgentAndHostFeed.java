package io.stressfw.orchestrator.dashboard;

import io.stressfw.model.GeneratorReading;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.MetricNames;
import io.stressfw.model.MetricSample;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.WireCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Plays the part of one load agent and one metrics-service host on the real broker, as the wire model defines
 * them: agent heartbeats, agent samples whose generators follow the orchestrator's current load, and host samples.
 * It lets the browser test see agents, achieved load and host metrics without starting the other services.
 */
final class AgentAndHostFeed implements AutoCloseable {

    static final String AGENT_ID = "agent-browser-test";
    static final String HOST_ID = "host-browser-test";
    /** The host the agent announces it loads (host scope). */
    static final String AGENT_HOST_ID = "node-browser-test";

    private final KafkaProducer<String, String> producer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "agent-and-host-feed");
        thread.setDaemon(true);
        return thread;
    });
    private final DoubleSupplier currentLoadPercent;
    private final long startedAtMs = System.currentTimeMillis();

    AgentAndHostFeed(String bootstrapServers, DoubleSupplier currentLoadPercent) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(config);
        this.currentLoadPercent = currentLoadPercent;
    }

    AgentAndHostFeed start() {
        timer.scheduleAtFixedRate(this::publishOnce, 0, 400, TimeUnit.MILLISECONDS);
        return this;
    }

    void publish(String topic, String key, Versioned payload) {
        producer.send(new ProducerRecord<>(topic, key, WireCodec.encode(payload)));
        producer.flush();
    }

    private void publishOnce() {
        long now = System.currentTimeMillis();
        double load = Math.max(0, Math.min(100, currentLoadPercent.getAsDouble()));
        publish(Topics.HEARTBEATS, AGENT_ID, new Heartbeat(Versioned.SCHEMA_VERSION, AGENT_ID, ServiceKind.AGENT,
                "test", "localhost", startedAtMs, now, Map.of("generators", "cpu,memory,io,network",
                "host_id", AGENT_HOST_ID, "scope", Map.of("kind", "host", "id", AGENT_HOST_ID, "cpu_cores", 2.0))));
        Map<String, GeneratorReading> generators = new LinkedHashMap<>();
        generators.put("cpu", reading(load * 1.0, 0.96));
        generators.put("memory", reading(load * 0.3, 0.99));
        generators.put("io", reading(load * 0.2, 0.9));
        generators.put("network", reading(load * 0.2, 0.85));
        publish(Topics.SAMPLES, AGENT_ID, new MetricSample(Versioned.SCHEMA_VERSION, AGENT_ID, SourceKind.AGENT,
                "localhost", now, null, null, Map.of(), generators));
        Map<String, Double> host = new LinkedHashMap<>();
        host.put(MetricNames.CPU_USAGE, 8 + load * 0.8);
        host.put(MetricNames.CPU_STEAL, 1.5);
        host.put(MetricNames.MEMORY_USAGE, 35 + load * 0.2);
        host.put(MetricNames.DISK_READ_BYTES, 2.0e6 + load * 1.0e5);
        host.put(MetricNames.DISK_WRITE_BYTES, 1.0e6 + load * 2.0e5);
        host.put(MetricNames.NETWORK_RX_BYTES, 0.5e6 + load * 5.0e4);
        host.put(MetricNames.NETWORK_TX_BYTES, 0.5e6 + load * 5.0e4);
        publish(Topics.SAMPLES, HOST_ID, new MetricSample(Versioned.SCHEMA_VERSION, HOST_ID, SourceKind.HOST,
                "localhost", now, null, null, host, Map.of()));
    }

    private static GeneratorReading reading(double target, double efficiency) {
        double clamped = Math.max(0, Math.min(100, target));
        return new GeneratorReading(clamped, clamped * efficiency, null, null);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close();
    }
}
