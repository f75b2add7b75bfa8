package io.stressfw.launcher;

import io.stressfw.kafka.Directories;
import io.stressfw.kafka.EmbeddedKafkaBroker;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The whole platform on one machine: the embedded broker (unless an external one is given) and the four packaged
 * services as child processes, each health-checked. {@link #close()} stops the services before the broker (a
 * consumer whose broker is gone waits seconds retrying) and removes the run's data unless asked to keep it.
 */
public final class LocalStack implements AutoCloseable {
    public static final String ORCHESTRATOR = "orchestrator";
    public static final String SAFETY = "safety";
    public static final String METRICS = "metrics";

    /** glibc otherwise keeps freed off-heap chunks resident, and the memory generator's release would not show. */
    private static final Map<String, String> AGENT_ENV = Map.of("MALLOC_MMAP_THRESHOLD_", "4194304");

    private final LaunchOptions options;
    private final EmbeddedKafkaBroker broker;
    private final String bootstrap;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    private LocalStack(LaunchOptions options) {
        this.options = options;
        if (options.externalKafka() != null) {
            this.broker = null;
            this.bootstrap = options.externalKafka();
        } else {
            this.broker = EmbeddedKafkaBroker.builder()
                    .port(options.kafkaPort())
                    .dataDir(options.workDir().resolve("kafka"))
                    .keepData(true)
                    .build();
            this.bootstrap = broker.bootstrapServers();
        }
        int safetyPort = portOrFree(options.safetyPort());
        String safetyUrl = "http://127.0.0.1:" + safetyPort;
        add(SAFETY, "safety-service", safetyPort, Map.of());
        add(METRICS, "metrics-service", portOrFree(options.metricsPort()), Map.of());
        Map<String, String> agentEnv = new LinkedHashMap<>(AGENT_ENV);
        if (options.cyclesConfig() != null) {
            // One file for everything, as in the seed: the agents read its load_generators and logging blocks.
            agentEnv.put("STRESS_AGENT_CONFIG", options.cyclesConfig().toAbsolutePath().toString());
        }
        for (int i = 1; i <= options.agents(); i++) {
            int port = options.agentBasePort() == 0 ? 0 : options.agentBasePort() + i - 1;
            add("agent-" + i, "load-agent-service", portOrFree(port), agentEnv);
        }
        Map<String, String> orchestratorEnv = new LinkedHashMap<>();
        orchestratorEnv.put("STRESS_SAFETY_URL", safetyUrl);
        if (options.cyclesConfig() != null) {
            orchestratorEnv.put("STRESS_CYCLES_CONFIG", options.cyclesConfig().toAbsolutePath().toString());
        }
        add(ORCHESTRATOR, "orchestrator-service", portOrFree(options.orchestratorPort()), orchestratorEnv);
    }

    /** Starts everything and waits until every service is ready. */
    public static LocalStack start(LaunchOptions options) {
        LocalStack stack = new LocalStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void add(String name, String module, int port, Map<String, String> extraEnv) {
        Map<String, String> env = new LinkedHashMap<>(options.environment());
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("STRESS_INSTANCE_ID", name);
        env.put("STRESS_DATA_DIR", options.workDir().resolve("data").resolve(name).toString());
        env.putAll(extraEnv);
        Path runJar = options.home().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        List<String> jvm = new ArrayList<>(List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC"));
        if (module.equals("load-agent-service")) {
            // The memory generator allocates off-heap; its own cap (80% of memory by default) is the real limit.
            jvm.add("-XX:MaxDirectMemorySize=" + physicalMemoryMb() + "m");
        }
        if (module.equals("metrics-service")) {
            // As its image: at 10 Hz C2 reaches its normal thresholds only after 20 minutes or more; scaled down, it is
            // done within about 7 and the service costs least (docs/benchmarks.md, metrics).
            jvm.add("-XX:CompileThresholdScaling=0.05");
        }
        jvm.addAll(options.jvmOptions());
        services.put(name, new ServiceProcess(name, runJar, port, env, jvm, options.workDir().resolve("logs").resolve(name + ".log")));
    }

    private void startAll() {
        PrintStream out = options.out();
        if (broker != null) {
            long started = System.nanoTime();
            broker.start();
            out.printf("Kafka broker    %s (ready in %.1f s)%n", bootstrap, (System.nanoTime() - started) / 1e9);
        }
        services.values().forEach(ServiceProcess::start);
        List<CompletableFuture<Void>> ready = services.values().stream()
                .map(service -> CompletableFuture.runAsync(() -> {
                    service.awaitReady(options.readyTimeout());
                    out.printf("%-15s %s ready%n", service.name(), service.url());
                }))
                .toList();
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public Optional<EmbeddedKafkaBroker> broker() {
        return Optional.ofNullable(broker);
    }

    public ServiceProcess service(String name) {
        ServiceProcess service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service named " + name + "; have " + services.keySet());
        }
        return service;
    }

    public List<ServiceProcess> agents() {
        return services.values().stream().filter(s -> s.name().startsWith("agent-")).toList();
    }

    public List<ServiceProcess> services() {
        return List.copyOf(services.values());
    }

    public LaunchOptions options() {
        return options;
    }

    /** Stops the orchestrator first (no new commands), then the rest together, then the broker. */
    @Override
    public void close() {
        Duration grace = Duration.ofSeconds(15);
        ServiceProcess orchestrator = services.get(ORCHESTRATOR);
        if (orchestrator != null) {
            orchestrator.stop(grace);
        }
        services.values().stream()
                .map(s -> CompletableFuture.runAsync(() -> s.stop(grace)))
                .toList()
                .forEach(CompletableFuture::join);
        if (broker != null) {
            broker.close();
        }
        if (!options.keepData()) {
            Directories.deleteRecursively(options.workDir());
        }
    }

    private static long physicalMemoryMb() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long bytes = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 1L << 30;
        return bytes / (1024 * 1024);
    }

    private static int portOrFree(int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }
}
