package io.stressfw.kafka;

import io.stressfw.model.Checks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Apache Kafka broker (KRaft, one combined broker+controller node) in a child JVM, on loopback unless told
 * otherwise. The caller needs no Kafka jar: the broker's classpath was recorded when this module was built.
 *
 * <p>{@link Builder#secured(KafkaCredentials)} turns on SASL/SCRAM and ACLs: clients authenticate as one of the
 * {@link ServicePrincipal}s (or the admin) and may do only what that principal's row of the table grants; the
 * controller listener takes only the admin (SASL PLAIN, loopback). Unsecured, the listener is PLAINTEXT and open.
 *
 * <p>{@link #start()} blocks until the broker accepts clients and the platform's topics exist; {@link #close()}
 * stops it and deletes its data unless asked to keep it. {@link #kill()} and a later {@link #start()} restart it on
 * the same ports and data, for tests where the broker goes away and comes back.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final String CLASSPATH_RESOURCE = "/META-INF/stressfw/broker-classpath.txt";
    /** Overrides the recorded classpath, for a broker launched from a relocated build. */
    public static final String CLASSPATH_ENV = "STRESS_KAFKA_CLASSPATH";

    /** Free ports picked here can be taken by someone else before the broker binds them; then it picks again. */
    private final boolean portsPicked;
    private int port;
    private int controllerPort;
    private boolean everStarted;
    private final Path dataDir;
    private final boolean keepData;
    private final String logLevel;
    private final Duration startTimeout;
    private final PrintStream console;
    private final KafkaCredentials credentials;
    private final String listenHost;
    private final String advertisedHost;
    private final String clusterId = randomClusterId();
    private Process process;

    private EmbeddedKafkaBroker(Builder builder) {
        this.portsPicked = builder.port == 0 && builder.controllerPort == 0;
        this.port = builder.port == 0 ? freePort() : builder.port;
        this.controllerPort = builder.controllerPort == 0 ? freePort() : builder.controllerPort;
        this.keepData = builder.keepData;
        this.logLevel = builder.logLevel;
        this.startTimeout = builder.startTimeout;
        this.console = builder.console;
        this.credentials = builder.credentials;
        this.listenHost = builder.listenHost;
        this.advertisedHost = builder.advertisedHost != null ? builder.advertisedHost : builder.listenHost;
        try {
            this.dataDir = builder.dataDir != null ? Files.createDirectories(builder.dataDir)
                    : Files.createTempDirectory("stress-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's data directory", e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return advertisedHost + ":" + port;
    }

    /** The credentials of a secured broker (SASL/SCRAM with ACLs), empty for an open one. */
    public Optional<KafkaCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return dataDir.resolve("broker.log");
    }

    /** The broker JVM's process id, or -1 when it is not running. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the broker and waits until it is ready; returns the bootstrap address. */
    public synchronized String start() {
        if (isRunning()) {
            return bootstrapServers();
        }
        int attempts = portsPicked && !everStarted ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                launch();
                everStarted = true;
                return bootstrapServers();
            } catch (BrokerExitedException e) {
                if (attempt >= attempts) {
                    throw new IllegalStateException(e.getMessage() + "; last broker output:\n" + logTail(), e);
                }
                port = freePort();
                controllerPort = freePort();
            }
        }
    }

    private void launch() {
        try {
            Path config = writeConfig();
            List<String> command = new ArrayList<>(List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties"),
                    "-cp", brokerClasspath(),
                    KafkaBrokerMain.class.getName(), config.toString(), clusterId, bootstrapServers()));
            if (credentials != null) {
                command.add(BrokerSecurityFile.write(dataDir.resolve("security.properties"), credentials).toString());
            }
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            CompletableFuture<Void> ready = pumpOutput(process);
            ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            kill();
            throw new UncheckedIOException("cannot start the Kafka broker", e);
        } catch (TimeoutException e) {
            kill();
            throw new IllegalStateException("Kafka broker not ready within " + startTimeout.toSeconds() + " s; last broker output:\n" + logTail(), e);
        } catch (ExecutionException e) {
            kill();
            throw new BrokerExitedException(e.getCause().getMessage() + " (port " + port + ")", e.getCause());
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Kafka broker", e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no broker log: " + e.getMessage() + ")";
        }
    }

    private static final class BrokerExitedException extends RuntimeException {
        BrokerExitedException(String message, Throwable cause) {
            super(message, cause);
        }
    }


    /** Stops the broker the hard way (like a crash), keeping its data so that {@link #start()} can bring it back. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process, Duration.ofSeconds(10));
            process = null;
        }
    }

    /** Stops the broker gracefully (falling back to a kill) and deletes its data unless asked to keep it. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            if (!waitFor(process, Duration.ofSeconds(20))) {
                process.destroyForcibly();
                waitFor(process, Duration.ofSeconds(10));
            }
            process = null;
        }
        if (!keepData) {
            Directories.deleteRecursively(dataDir);
        }
    }

    private CompletableFuture<Void> pumpOutput(Process broker) throws IOException {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Path log = logFile();
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
                 PrintStream out = new PrintStream(Files.newOutputStream(log,
                         java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    out.println(line);
                    if (line.startsWith(KafkaBrokerMain.READY_MARKER)) {
                        ready.complete(null);
                    } else if (console != null) {
                        console.println("[kafka] " + line);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("Kafka broker exited before it was ready"));
        }, "kafka-broker-output");
        pump.setDaemon(true);
        pump.start();
        return ready;
    }

    private Path writeConfig() throws IOException {
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                listenerSettings(),
                "controller.listener.names=CONTROLLER",
                "log.dirs=" + dataDir.resolve("logs"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "") );
        Files.writeString(dataDir.resolve("log4j2.properties"), String.join("\n",
                "status = error",
                "appender.console.type = Console",
                "appender.console.name = STDOUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%c] %m%n",
                "rootLogger.level = " + logLevel,
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                ""));
        return config;
    }

    /**
     * Open: one PLAINTEXT listener. Secured: the client listener takes SCRAM-SHA-512 only (the broker talks to
     * itself as the admin), the controller listener takes the admin with PLAIN on loopback, and the
     * StandardAuthorizer refuses everything the ACLs do not grant.
     */
    private String listenerSettings() {
        if (credentials == null) {
            return String.join("\n",
                    "listeners=PLAINTEXT://" + listenHost + ":" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://" + advertisedHost + ":" + port,
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        }
        String admin = ServicePrincipal.ADMIN;
        String password = credentials.adminPassword();
        return String.join("\n",
                "listeners=CLIENT://" + listenHost + ":" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=CLIENT://" + advertisedHost + ":" + port,
                "inter.broker.listener.name=CLIENT",
                "listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
                "sasl.enabled.mechanisms=" + KafkaCredentials.MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + KafkaCredentials.MECHANISM,
                "listener.name.client.scram-sha-512.sasl.jaas.config=" + KafkaCredentials.scramJaas(admin, password),
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule "
                        + "required username=\"" + admin + "\" password=\"" + password + "\" user_" + admin + "=\"" + password + "\";",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:" + admin,
                "allow.everyone.if.no.acl.found=false");
    }

    static String brokerClasspath() throws IOException {
        String override = System.getenv(CLASSPATH_ENV);
        String recorded;
        if (override != null && !override.isBlank()) {
            recorded = override;
        } else {
            try (var in = EmbeddedKafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
                if (in == null) {
                    throw new IOException(CLASSPATH_RESOURCE + " is missing: build the kafka-broker module first");
                }
                recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
        }
        return ownLocation() + java.io.File.pathSeparator + recorded;
    }

    private static String ownLocation() throws IOException {
        try {
            return Paths.get(KafkaBrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the kafka-broker classes", e);
        }
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    /** A KRaft cluster id; never one starting with '-', which the storage tool would read as an option (as Kafka's own Uuid). */
    static String randomClusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDir;
        private boolean keepData;
        private String logLevel = "WARN";
        private Duration startTimeout = Duration.ofSeconds(90);
        private PrintStream console;
        private KafkaCredentials credentials;
        private String listenHost = "127.0.0.1";
        private String advertisedHost;

        private Builder() {
        }

        /** SASL/SCRAM with ACLs ({@link ServicePrincipal}); null (the default) leaves the broker open. */
        public Builder secured(KafkaCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /**
         * The address the client listener binds (default 127.0.0.1; 0.0.0.0 for every interface) and the host it
         * advertises (default: that address; give a name other machines resolve when binding every interface).
         * The controller listener always stays on loopback.
         */
        public Builder listen(String host, String advertised) {
            this.listenHost = Checks.notBlank(host, "listen host");
            this.advertisedHost = advertised;
            return this;
        }

        /** The client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        public Builder controllerPort(int port) {
            this.controllerPort = checkPort(port);
            return this;
        }

        /** Where the broker keeps its logs; default: a new temp directory. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder keepData(boolean keepData) {
            this.keepData = keepData;
            return this;
        }

        /** The broker's log level (log4j2): WARN by default so test output stays readable. */
        public Builder logLevel(String logLevel) {
            this.logLevel = logLevel;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** Where to echo the broker's own output besides its log file; null (the default) echoes nothing. */
        public Builder console(PrintStream console) {
            this.console = console;
            return this;
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }

        private static int checkPort(int port) {
            return (int) Checks.between(port, 0, 65535, "port");
        }
    }
}
