import com.sun.net.httpserver.HttpServer;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.MalformedMessageException;
import io.stressfw.model.MetricSample;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Topics;
import io.stressfw.model.WireCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The floor of a load agent without Quarkus (issue 21; not part of ./mvnw verify): what the agent's idle duties cost
 * when done with the plain Kafka clients and the JDK's HTTP server, on the same wire model. Not an agent: it generates
 * no load and obeys no command. It does, at the agent's idle rates, what the agent does while it holds no load:
 * reads stress.commands and stress.violations (one consumer, partitions assigned, no group; a waiting fetch of up to
 * 5 s), reads every heartbeat in 500 ms batches and decodes it, reads the host's procfs counters and publishes one
 * sample a second and one heartbeat a second (one producer), asks the broker for its cluster once a second (the
 * agent's broker watch), and answers /q/health/ready. Arguments: BOOTSTRAP HTTP_PORT [SAMPLE_MS [WATCH_MS]] (0 leaves
 * that duty out). bench/agent-floor.py compiles it, runs it and the packaged
 * agent in turn beside a broker, and measures both alike.
 */
public class AgentFloor {
    private static final String ID = "floor-agent";

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int port = Integer.parseInt(args[1]);
        long sampleMs = args.length > 2 ? Long.parseLong(args[2]) : 1000;
        long watchMs = args.length > 3 ? Long.parseLong(args[3]) : 1000;
        long startedAt = System.currentTimeMillis();

        KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrap));
        startConsumer("control", bootstrap, List.of(Topics.COMMANDS, Topics.VIOLATIONS), 1, 5000);
        startConsumer("heartbeats", bootstrap, List.of(Topics.HEARTBEATS), 65536, 500);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "floor-timer"));
        timer.scheduleAtFixedRate(() -> {
            try {
                Heartbeat heartbeat = new Heartbeat(1, ID, ServiceKind.AGENT, "1.0.0", "vm", startedAt,
                        System.currentTimeMillis(), capabilities());
                producer.send(new ProducerRecord<>(Topics.HEARTBEATS, ID, WireCodec.encode(heartbeat)));
            } catch (RuntimeException e) {
                System.err.println("heartbeat failed: " + e);
            }
        }, 0, 1, TimeUnit.SECONDS);
        if (sampleMs > 0) {
            timer.scheduleAtFixedRate(() -> {
                try {
                    MetricSample sample = new MetricSample(1, ID, SourceKind.AGENT, "vm", System.currentTimeMillis(),
                            null, null, hostReadings(), Map.of());
                    producer.send(new ProducerRecord<>(Topics.SAMPLES, ID, WireCodec.encode(sample)));
                } catch (Exception e) {
                    System.err.println("sample failed: " + e);
                }
            }, 0, sampleMs, TimeUnit.MILLISECONDS);
        }
        if (watchMs > 0) {
            timer.scheduleAtFixedRate(() -> {
                try {
                    admin.describeCluster().clusterId().get(2, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.err.println("broker watch failed: " + e);
                }
            }, 0, watchMs, TimeUnit.MILLISECONDS);
        }

        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        http.createContext("/q/health/ready", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        System.out.println("READY");
        Thread.currentThread().join();
    }

    private static Properties producerConfig(String bootstrap) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return config;
    }

    /** A consumer with every partition of its topics assigned (no group), from their ends, polling for 1 s. */
    private static void startConsumer(String name, String bootstrap, List<String> topics, int minBytes, int maxWaitMs) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, minBytes);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, maxWaitMs);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        Thread thread = new Thread(() -> {
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(java.time.Duration.ofSeconds(1))) {
                    if (Topics.HEARTBEATS.equals(record.topic())) {
                        try {
                            WireCodec.decode(record.value(), Heartbeat.class);
                        } catch (MalformedMessageException e) {
                            System.err.println("malformed heartbeat: " + e.getMessage());
                        }
                    }
                }
            }
        }, "floor-" + name);
        thread.start();
    }

    /** The counters the agent reads for its idle sample, parsed only as far as one number each. */
    private static Map<String, Double> hostReadings() throws Exception {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("cpu_usage", firstNumber(Files.readAllLines(Path.of("/proc/stat")).get(0)));
        metrics.put("memory_usage", firstNumber(Files.readAllLines(Path.of("/proc/meminfo")).get(1)));
        metrics.put("disk_io", (double) Files.readAllLines(Path.of("/proc/diskstats")).size());
        metrics.put("network_io", (double) Files.readAllLines(Path.of("/proc/net/dev")).size());
        metrics.put("agent_cpu", firstNumber(Files.readString(Path.of("/proc/self/stat")).split("\\) ")[1]));
        return metrics;
    }

    private static Map<String, Object> capabilities() {
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("cores", 2);
        caps.put("memory_limit_mb", 12000);
        caps.put("generators", List.of("cpu", "memory", "io", "network"));
        caps.put("sink_address", "127.0.0.1:40000");
        caps.put("network_allowlist", List.of("sink"));
        caps.put("network_links", List.of());
        caps.put("max_lease_ms", 3000);
        caps.put("clock_skew_ms", 0);
        caps.put("control_loop_live", true);
        caps.put("scope", Map.of("kind", "host", "id", "vm", "cpu_cores", 2, "memory_mb", 24000, "share", 1.0,
                "peers", List.of()));
        return caps;
    }

    private static double firstNumber(String line) {
        for (String token : line.split("\\s+")) {
            if (!token.isEmpty() && Character.isDigit(token.charAt(0))) {
                return Double.parseDouble(token);
            }
        }
        return 0;
    }



}
