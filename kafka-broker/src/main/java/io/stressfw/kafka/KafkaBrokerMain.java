package io.stressfw.kafka;

import kafka.Kafka;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * A secured broker also gets its SCRAM users when the storage is formatted (the only way to have them before the
 * first client, the broker itself, logs in) and the ACLs of {@link ServicePrincipal} before it reports ready.
 */
public final class KafkaBrokerMain {
    static final String READY_MARKER = "KAFKA_BROKER_READY";

    private KafkaBrokerMain() {
    }

    /**
     * Arguments: the server.properties path, the cluster id, the bootstrap address, then options by name (so that
     * neither is mistaken for the other): {@code --orphan-grace-ms=N}, how long to linger once the parent is gone
     * (default 0), and {@code --security=FILE}, the {@link BrokerSecurityFile} of a secured broker (default: open).
     */
    public static void main(String[] args) throws Exception {
        BrokerArguments arguments;
        try {
            arguments = BrokerArguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: KafkaBrokerMain <server.properties> <cluster-id> <bootstrap> "
                    + "[" + BrokerArguments.ORPHAN_GRACE_OPTION + "<ms>] [" + BrokerArguments.SECURITY_OPTION + "<security.properties>]");
            System.exit(2);
            return;
        }
        String config = arguments.config();
        KafkaCredentials credentials = arguments.securityFile().isPresent()
                ? BrokerSecurityFile.read(arguments.securityFile().get()) : null;
        List<String> format = new ArrayList<>(List.of("format", "-t", arguments.clusterId(), "-c", config,
                "--ignore-formatted"));
        if (credentials != null) {
            format.addAll(List.of("--add-scram", scram(ServicePrincipal.ADMIN, credentials.adminPassword())));
            for (ServicePrincipal principal : ServicePrincipal.values()) {
                format.addAll(List.of("--add-scram", scram(principal.user(), credentials.password(principal))));
            }
        }
        int formatted = StorageTool.execute(format.toArray(String[]::new), System.out);
        if (formatted != 0) {
            System.err.println("storage format failed with exit code " + formatted);
            System.exit(formatted);
        }
        Thread server = new Thread(() -> Kafka.main(new String[]{config}), "kafka-main");
        server.start();
        exitWhenParentGoes(arguments.orphanGraceMs());
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, arguments.bootstrap());
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        if (credentials != null) {
            admin.putAll(credentials.adminClientConfig());
        }
        createTopics(admin);
        if (credentials != null) {
            grantAcls(admin);
        }
        System.out.println(READY_MARKER + " " + arguments.bootstrap());
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

    private static String scram(String user, String password) {
        return KafkaCredentials.MECHANISM + "=[name=" + user + ",password=" + password + "]";
    }

    /** Each principal's row of {@link ServicePrincipal}: WRITE or READ (with DESCRIBE) per topic, READ on its groups. */
    static List<AclBinding> acls() {
        List<AclBinding> bindings = new ArrayList<>();
        for (ServicePrincipal principal : ServicePrincipal.values()) {
            String user = "User:" + principal.user();
            for (String topic : principal.writes()) {
                bindings.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
                bindings.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
            }
            for (String topic : principal.reads()) {
                bindings.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
                bindings.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
            }
            principal.groupPrefix().ifPresent(prefix ->
                    bindings.add(allow(user, ResourceType.GROUP, prefix, PatternType.PREFIXED, AclOperation.READ)));
        }
        return bindings.stream().distinct().toList();
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(user, "*", operation, AclPermissionType.ALLOW));
    }

    private static void grantAcls(Properties props) throws Exception {
        try (Admin admin = Admin.create(props)) {
            admin.createAcls(acls()).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static void createTopics(Properties props) throws Exception {
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
