package io.stressfw.kafka;

import io.stressfw.model.Checks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
 * A real Apache Kafka broker (KRaft, one combined broker+controller node) in a child JVM, on loopback unless given
 * another address. The caller needs no Kafka jar: the broker's classpath was recorded when this module was built.
 *
 * <p>{@link Builder#secured(KafkaCredentials)} turns on SASL/SCRAM and ACLs: clients authenticate as one of the
 * {@link ServicePrincipal}s (or the admin) and may do only what that principal's row of the table grants; the
 * controller listener takes only the admin (SASL PLAIN, loopback). Unsecured, the listeners are PLAINTEXT and open.
 *
 * <p>{@link #start()} blocks until the broker accepts clients and the platform's topics exist; {@link #close()}
 * stops it and deletes its data unless asked to keep it. {@link #kill()} and a later {@link #start()} restart it on
 * the same ports and data, for tests where the broker goes away and comes back. A data directory that already holds
 * a broker's data (kept, or left by a crash) starts again with its own cluster id and records.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final String CLASSPATH_RESOURCE = "/META-INF/stressfw/broker-classpath.txt";
    /** Overrides the recorded classpath, for a broker launched from a relocated build. */
    public static final String CLASSPATH_ENV = "STRESS_KAFKA_CLASSPATH";

    /**
     * Free ports picked here can be taken by someone else before the broker binds them; then it picks again those it
     * picked, so a client port given by the caller (whose clients may be started already) never moves.
     */
    private final boolean portPicked;
    private final boolean controllerPortPicked;
    private int port;
    private int controllerPort;
    private boolean everStarted;
    private final String host;
    private final List<String> wrapper;
    private final int relayedPort;
    private final String relayedAdvertised;
    private final Duration orphanGrace;
    private final Path dataDir;
    private final boolean keepData;
    private final String logLevel;
    private final Duration startTimeout;
    private final PrintStream console;
    private final KafkaCredentials credentials;
    /** The host clients are told to use on the client listener; {@link #host} when not given. */
    private final String advertisedHost;
    private Process process;

    private EmbeddedKafkaBroker(Builder builder) {
        this.portPicked = builder.port == 0;
        this.controllerPortPicked = builder.controllerPort == 0;
        this.port = builder.port == 0 ? LoopbackPorts.free() : builder.port;
        this.controllerPort = builder.controllerPort == 0 ? LoopbackPorts.free() : builder.controllerPort;
        this.host = builder.host;
        this.wrapper = List.copyOf(builder.wrapper);
        this.relayedPort = builder.relayedPort;
        this.relayedAdvertised = builder.relayedAdvertised;
        this.orphanGrace = builder.orphanGrace;
        this.keepData = builder.keepData;
        this.logLevel = builder.logLevel;
        this.startTimeout = builder.startTimeout;
        this.console = builder.console;
        this.advertisedHost = builder.advertisedHost != null ? builder.advertisedHost : builder.host;
        try {
            this.dataDir = builder.dataDir != null ? Files.createDirectories(builder.dataDir)
                    : Files.createTempDirectory("stress-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's data directory", e);
        }
        this.credentials = keptCredentials(dataDir, builder.credentials);
    }

    /**
     * SCRAM users exist only from the storage format on, so a secured broker over kept data keeps the passwords it was
     * formatted with (its {@code security.properties}) instead of the ones given: with new ones nobody, the broker
     * itself included, could log in. Data formatted by an open broker has no users at all: refused, naming what to do.
     */
    private static KafkaCredentials keptCredentials(Path dataDir, KafkaCredentials wanted) {
        if (wanted == null || !Files.isRegularFile(dataDir.resolve("logs").resolve("meta.properties"))) {
            return wanted;
        }
        Path kept = dataDir.resolve("security.properties");
        if (!Files.isRegularFile(kept)) {
            throw new IllegalStateException("the kept broker data in " + dataDir + " was written by an open broker (no "
                    + "SCRAM users), so a secured broker cannot use it: remove that directory or choose another work directory");
        }
        return BrokerSecurityFile.read(kept);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return advertisedHost + ":" + port;
    }

    /** The address clients reach through the relay given to {@link Builder#relayedListener}, or null without one. */
    public String relayedBootstrapServers() {
        return relayedAdvertised;
    }

    /**
     * The credentials of a secured broker (SASL/SCRAM with ACLs), empty for an open one: the kept ones when it starts
     * over data a secured broker left, whatever the builder was given.
     */
    public Optional<KafkaCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    public int port() {
        return port;
    }

    int controllerPort() {
        return controllerPort;
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
        int attempts = (portPicked || controllerPortPicked) && !everStarted ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                launch();
                everStarted = true;
                return bootstrapServers();
            } catch (BrokerExitedException e) {
                if (attempt >= attempts) {
                    throw new IllegalStateException(e.getMessage() + "; last broker output:\n" + logTail(), e);
                }
                if (portPicked) {
                    port = LoopbackPorts.free();
                }
                if (controllerPortPicked) {
                    controllerPort = LoopbackPorts.free();
                }
            }
        }
    }

    /** The log cleaner's key map (Kafka's minimum is 1 MB per cleaner thread; one thread). */
    static final long CLEANER_DEDUPE_BUFFER_BYTES = 4L * 1024 * 1024;

    private void launch() {
        try {
            Path config = writeConfig();
            List<String> command = new ArrayList<>(wrapper);
            command.addAll(List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    // A small footprint (docs/benchmarks.md, footprint): C1 only, a heap that starts small and gives
                    // memory back, no perf-data sampler, no verification of the build's own classpath.
                    "-Xms16m", "-Xmx512m", "-Xmn8m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData"));
            command.addAll(LocalJvm.withoutClasspathVerification());
            command.addAll(List.of(
                    "-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties"),
                    "-cp", brokerClasspath(),
                    KafkaBrokerMain.class.getName(), config.toString(), clusterId(), bootstrapServers(),
                    BrokerArguments.ORPHAN_GRACE_OPTION + orphanGrace.toMillis()));
            if (credentials != null) {
                Path security = BrokerSecurityFile.write(dataDir.resolve("security.properties"), credentials);
                command.add(BrokerArguments.SECURITY_OPTION + security);
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

    /** Stops the broker gracefully (falling back to a kill after 20 s) and deletes its data unless asked to keep it. */
    @Override
    public void close() {
        close(Duration.ofSeconds(20));
    }

    /** Stops the broker gracefully, kills it if it is not gone within {@code grace}, deletes its data unless kept. */
    public synchronized void close(Duration grace) {
        if (process != null) {
            process.destroy();
            if (!waitFor(process, grace)) {
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

    /**
     * The cluster id the data directory was formatted with, so that kept data or the data of a crashed run starts
     * again (the storage tool refuses another id); a new one for an empty directory.
     */
    private String clusterId() throws IOException {
        Path meta = dataDir.resolve("logs").resolve("meta.properties");
        if (Files.isRegularFile(meta)) {
            java.util.Properties properties = new java.util.Properties();
            try (var in = Files.newInputStream(meta)) {
                properties.load(in);
            }
            String id = properties.getProperty("cluster.id");
            if (id != null && !id.isBlank()) {
                return id.trim();
            }
        }
        return randomClusterId();
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
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // The platform's topics are created with their layout (TopicLayout) before the broker reports ready;
                // a client that asks for one earlier (a service started beside the broker) waits for it instead of
                // creating it with one partition and the default retention, and a misspelt topic is an error.
                "auto.create.topics.enable=false",
                // One node with a handful of clients: a few threads instead of Kafka's defaults (3 network, 8 I/O,
                // 10 background threads), fewer stacks and wake-ups.
                "num.network.threads=1",
                "num.io.threads=2",
                "background.threads=2",
                // A broker that crashed (killed, or its machine went down) is registered until its session times out,
                // and the restarted one is refused (DUPLICATE_BROKER_REGISTRATION) until then: with Kafka's 9 s the
                // next start after a crash took 12 s instead of 3 (measured, docs/benchmarks.md). One node talks to
                // itself over loopback, so 3 s is still six missed heartbeats at 500 ms.
                "broker.session.timeout.ms=3000",
                "broker.heartbeat.interval.ms=500",
                // The controller appends a no-op record to the metadata log every 500 ms by default, so that brokers
                // of a cluster see the log's end move; one node that is its own controller has nobody to tell, and
                // each append is a write, a flush and a publish on three of the broker's threads while it idles.
                "metadata.max.idle.interval.ms=5000",
                // The log cleaner's key map is allocated on the heap at start, 128 MB by default, and stays live: the
                // broker's heap was 162 MB live at rest, each full collection walked it (80 ms, a 5 s row of the idle
                // platform over 10 % of a core), and it was half the broker's RSS. The only compacted topic here is
                // __consumer_offsets with a few dozen keys; 4 MB maps about 150 000.
                "log.cleaner.dedupe.buffer.size=" + CLEANER_DEDUPE_BUFFER_BYTES,
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
     * Open: a PLAINTEXT client listener (and a PLAINTEXT relayed one when asked). Secured: the client listener (and
     * the relayed one) take SCRAM-SHA-512 only (the broker talks to itself as the admin on the client listener), the
     * controller listener takes the admin with PLAIN on loopback, and the StandardAuthorizer refuses everything the
     * ACLs do not grant.
     */
    private String listenerSettings() {
        boolean secured = credentials != null;
        String client = secured ? "CLIENT" : "PLAINTEXT";
        String protocol = secured ? "SASL_PLAINTEXT" : "PLAINTEXT";
        List<String> listeners = new ArrayList<>(List.of(client + "://" + host + ":" + port,
                "CONTROLLER://127.0.0.1:" + controllerPort));
        List<String> advertised = new ArrayList<>(List.of(client + "://" + advertisedHost + ":" + port));
        List<String> protocols = new ArrayList<>(List.of(client + ":" + protocol, "CONTROLLER:" + protocol));
        if (relayedAdvertised != null) {
            listeners.add("RELAYED://" + host + ":" + relayedPort);
            advertised.add("RELAYED://" + relayedAdvertised);
            protocols.add("RELAYED:" + protocol);
        }
        List<String> settings = new ArrayList<>(List.of(
                "listeners=" + String.join(",", listeners),
                "advertised.listeners=" + String.join(",", advertised),
                "inter.broker.listener.name=" + client,
                "listener.security.protocol.map=" + String.join(",", protocols)));
        if (!secured) {
            return String.join("\n", settings);
        }
        String admin = ServicePrincipal.ADMIN;
        String password = credentials.adminPassword();
        String scramJaas = KafkaCredentials.scramJaas(admin, password);
        settings.addAll(List.of(
                "sasl.enabled.mechanisms=" + KafkaCredentials.MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + KafkaCredentials.MECHANISM,
                "listener.name.client.scram-sha-512.sasl.jaas.config=" + scramJaas,
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule "
                        + "required username=\"" + admin + "\" password=\"" + password + "\" user_" + admin + "=\"" + password + "\";",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:" + admin,
                "allow.everyone.if.no.acl.found=false"));
        if (relayedAdvertised != null) {
            settings.add("listener.name.relayed.scram-sha-512.sasl.jaas.config=" + scramJaas);
        }
        return String.join("\n", settings);
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
        private String host = "127.0.0.1";
        private List<String> wrapper = List.of();
        private int relayedPort;
        private String relayedAdvertised;
        private Duration orphanGrace = Duration.ZERO;
        private Path dataDir;
        private boolean keepData;
        private String logLevel = "WARN";
        private Duration startTimeout = Duration.ofSeconds(90);
        private PrintStream console;
        private KafkaCredentials credentials;
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
         * advertises (null: that address; give a name other machines resolve when binding every interface).
         * The controller listener always stays on loopback. {@link #host(String)} is the same with one address.
         */
        public Builder listen(String host, String advertised) {
            this.host = Checks.notBlank(host, "listen host");
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

        /**
         * The address the broker listens on and advertises to clients (default 127.0.0.1); the KRaft controller stays
         * on loopback. Free ports are picked on the caller's loopback, so give ports explicitly with a wrapper that
         * puts the broker into another network namespace.
         */
        public Builder host(String host) {
            this.host = Checks.notBlank(host, "host");
            this.advertisedHost = null;
            return this;
        }

        /** A command the broker's {@code java} command line is run through, e.g. {@code ip netns exec NS}; default none. */
        public Builder wrapper(List<String> command) {
            this.wrapper = List.copyOf(Checks.notNull(command, "wrapper"));
            return this;
        }

        /**
         * A second listener on {@code port} for clients that reach the broker through a relay (a proxy) at
         * {@code advertised} ({@code host:port}): the broker tells those clients to come back through the relay.
         */
        public Builder relayedListener(int port, String advertised) {
            this.relayedPort = (int) Checks.between(port, 1, 65535, "relayed listener port");
            this.relayedAdvertised = Checks.notBlank(advertised, "relayed listener address");
            return this;
        }

        /**
         * How long the broker lives on once this JVM is gone (it notices through its standard input), so that the
         * clients this JVM started can shut down against a live broker; default 0: it stops at once.
         */
        public Builder orphanGrace(Duration grace) {
            Checks.between(Checks.notNull(grace, "orphan grace").toMillis(), 0, 60_000, "orphan grace (ms)");
            this.orphanGrace = grace;
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
