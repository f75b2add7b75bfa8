package io.stressfw.kafka;

import kafka.Kafka;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of the broker JVM (never loaded in a service): formats the KRaft storage if needed, starts one
 * combined broker+controller node, creates the platform's topics, then prints {@value #READY_MARKER} with the
 * bootstrap address. It exits when its parent closes its standard input (after an optional grace for the parent's other
 * children), so a crashed parent leaves no orphan broker.
 */
public final class KafkaBrokerMain {
    static final String READY_MARKER = "KAFKA_BROKER_READY";

    private KafkaBrokerMain() {
    }

    /**
     * Arguments: the server.properties path, the cluster id, the bootstrap address, and optionally how many ms to
     * linger once the parent is gone (default 0).
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: KafkaBrokerMain <server.properties> <cluster-id> <bootstrap> [orphan-grace-ms]");
            System.exit(2);
        }
        long orphanGraceMs = args.length == 4 ? Long.parseLong(args[3]) : 0;
        String config = args[0];
        int formatted = StorageTool.execute(new String[]{"format", "-t", args[1], "-c", config, "--ignore-formatted"}, System.out);
        if (formatted != 0) {
            System.err.println("storage format failed with exit code " + formatted);
            System.exit(formatted);
        }
        Thread server = new Thread(() -> Kafka.main(new String[]{config}), "kafka-main");
        server.start();
        exitWhenParentGoes(orphanGraceMs);
        createTopics(args[2]);
        System.out.println(READY_MARKER + " " + args[2]);
        System.out.flush();
        server.join();
    }

    /**
     * Exits when the parent is gone; after {@code graceMs} first, for the clients the parent started, which are
     * shutting down too (a launcher's services): with their broker gone, each would wait seconds on its Kafka clients.
     */
    private static void exitWhenParentGoes(long graceMs) {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // The parent never writes; reading only detects the end of the stream.
                }
            } catch (IOException ignored) {
                // A broken pipe means the parent is gone, exactly like an end of stream.
            }
            try {
                Thread.sleep(graceMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.exit(0);
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void createTopics(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> topics = TopicLayout.TOPICS.entrySet().stream()
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1)
                            .configs(Map.of("retention.ms", String.valueOf(TimeUnit.DAYS.toMillis(1)))))
                    .toList();
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            try {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
