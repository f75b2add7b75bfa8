package io.stressfw.launcher;

import io.stressfw.kafka.EmbeddedKafkaBroker;
import io.stressfw.kafka.ServicePrincipal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The whole platform on one machine: the embedded broker (unless an external one is given) and the four packaged
 * services as child processes, each health-checked, in a work directory claimed for the run ({@link RunDirectory}).
 * {@link #close()} stops everything within {@link #STOP_BUDGET}: the agents drop their load first, the services stop
 * together, the broker last (a consumer whose broker is gone waits seconds retrying); whatever overstays its share is
 * killed. The run's data is removed unless it is kept.
 * Everything listens on loopback unless the options name another address, which secures the run ({@link RunSecurity}).
 */
public final class LocalStack implements AutoCloseable {
    public static final String ORCHESTRATOR = "orchestrator";
    public static final String SAFETY = "safety";
    public static final String METRICS = "metrics";
    /** SIGTERM to the end of the last process: what Ctrl-C of {@code ./stress up} may take. */
    public static final Duration STOP_BUDGET = Duration.ofSeconds(5);
    /** The services' share of it; the broker and the work directory get the rest. */
    static final Duration SERVICES_STOP = Duration.ofMillis(3500);
    static final Duration BROKER_STOP_BY = Duration.ofMillis(4500);

    /** glibc otherwise keeps freed off-heap chunks resident, and the memory generator's release would not show. */
    public static final Map<String, String> AGENT_ENV = Map.of("MALLOC_MMAP_THRESHOLD_", "4194304");

    private final LaunchOptions options;
    private final RunDirectory runDirectory;
    private final RunSecurity security;
    private final EmbeddedKafkaBroker broker;
    private final String bootstrap;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    private LocalStack(LaunchOptions options, RunDirectory runDirectory) {
        this.options = options;
        this.runDirectory = runDirectory;
        RunSecurity planned = RunSecurity.forListen(options.listenAddress(), options.environment());
        if (options.externalKafka() != null) {
            this.broker = null;
            this.bootstrap = options.externalKafka();
            this.security = planned;
        } else {
            EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder()
                    // Picked here, not by the broker: the services are told this address before the broker starts,
                    // and a broker that picked its own port moves it when it finds it taken.
                    .port(Ports.orFree(options.kafkaPort()))
                    .dataDir(runDirectory.path().resolve("kafka"))
                    .keepData(true)
                    // Its own session: a terminal's Ctrl-C reaches the services at once but not the broker, which
                    // must go last.
                    .wrapper(ownSession())
                    // Should this launcher die, the services shut themselves down (LauncherLink); the broker waits
                    // for them as the launcher's own stop would.
                    .orphanGrace(SERVICES_STOP);
            planned.kafka().ifPresent(credentials -> builder.secured(credentials)
                    .listen(planned.listenAddress(), planned.advertisedHost()));
            this.broker = builder.build();
            this.bootstrap = broker.bootstrapServers();
            // Over kept data the broker keeps the SCRAM passwords it was formatted with: the services log in with those.
            this.security = broker.credentials().map(planned::withKafka).orElse(planned);
        }
        int safetyPort = Ports.orFree(options.safetyPort());
        String safetyUrl = "http://" + security.localHost() + ":" + safetyPort;
        add(SAFETY, "safety-service", ServicePrincipal.SAFETY, safetyPort, Map.of());
        add(METRICS, "metrics-service", ServicePrincipal.METRICS, Ports.orFree(options.metricsPort()), Map.of());
        for (int i = 1; i <= options.agents(); i++) {
            int port = options.agentBasePort() == 0 ? 0 : options.agentBasePort() + i - 1;
            Map<String, String> agentEnv = new LinkedHashMap<>(AGENT_ENV);
            // Scratch files in the run's own directory: two runs on one machine (other work directories, the system
            // tests) use the same agent ids, and an agent refuses a scratch directory another one holds.
            agentEnv.put("STRESS_AGENT_LOAD_GENERATORS_IO_SCRATCH_DIR", runDirectory.path().resolve("scratch").toString());
            if (options.cyclesConfig() != null) {
                // One file for everything, as in the seed: the agents read its load_generators and logging blocks.
                agentEnv.put("STRESS_AGENT_CONFIG", options.cyclesConfig().toAbsolutePath().toString());
            }
            add("agent-" + i, "load-agent-service", ServicePrincipal.AGENT, Ports.orFree(port), agentEnv);
        }
        Map<String, String> orchestratorEnv = new LinkedHashMap<>();
        orchestratorEnv.put("STRESS_SAFETY_URL", safetyUrl);
        if (options.cyclesConfig() != null) {
            orchestratorEnv.put("STRESS_CYCLES_CONFIG", options.cyclesConfig().toAbsolutePath().toString());
        }
        add(ORCHESTRATOR, "orchestrator-service", ServicePrincipal.ORCHESTRATOR, Ports.orFree(options.orchestratorPort()),
                orchestratorEnv);
    }

    /**
     * Claims the work directory, checks the fixed ports, starts everything and waits until every service is ready.
     * On failure whatever started is stopped and the directory released.
     */
    public static LocalStack start(LaunchOptions options) {
        RunDirectory runDirectory = RunDirectory.claim(options.workDir(), options.keepData(), options.out());
        LocalStack stack;
        try {
            Ports.requireFree(fixedPorts(options));
            stack = new LocalStack(options, runDirectory);
        } catch (RuntimeException e) {
            runDirectory.close();
            throw e;
        }
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private static Map<String, Integer> fixedPorts(LaunchOptions options) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (options.externalKafka() == null && options.kafkaPort() != 0) {
            ports.put("Kafka broker", options.kafkaPort());
        }
        if (options.orchestratorPort() != 0) {
            ports.put(ORCHESTRATOR, options.orchestratorPort());
        }
        if (options.safetyPort() != 0) {
            ports.put(SAFETY, options.safetyPort());
        }
        if (options.metricsPort() != 0) {
            ports.put(METRICS, options.metricsPort());
        }
        for (int i = 1; i <= options.agents() && options.agentBasePort() != 0; i++) {
            ports.put("agent-" + i, options.agentBasePort() + i - 1);
        }
        return ports;
    }

    /** The JVM options every service of the run gets, and those of its module ({@link ServiceJvmOptions}). */
    public static List<String> jvmOptions(String module) {
        return new ArrayList<>(ServiceJvmOptions.of(module, physicalMemoryMb()));
    }

    private void add(String name, String module, ServicePrincipal principal, int port, Map<String, String> extraEnv) {
        Map<String, String> env = new LinkedHashMap<>(options.environment());
        env.putAll(security.serviceEnvironment(principal, broker != null));
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("STRESS_INSTANCE_ID", name);
        env.put("STRESS_DATA_DIR", runDirectory.path().resolve("data").resolve(name).toString());
        env.putAll(extraEnv);
        ServiceJvmOptions.ENVIRONMENT.forEach(env::putIfAbsent);
        List<String> jvm = jvmOptions(module);
        jvm.addAll(options.jvmOptions());
        services.put(name, ServiceProcess.builder(name, options.home().resolve(module).resolve("target/quarkus-app/quarkus-run.jar"))
                .host(security.localHost()).port(port).environment(env).jvmOptions(jvm)
                .logFile(runDirectory.path().resolve("logs").resolve(name + ".log"))
                .build());
    }

    /**
     * Starts the services while an open broker starts: its start (storage format, Kafka's own start, the topics) leaves
     * a core mostly idle for seconds, which the services' start-up takes; their clients keep trying until the broker
     * answers and wait for topics it has not created yet (it creates none on request). A secured broker goes first:
     * it grants the services' ACLs only once it runs, and a client refused a topic is not retried.
     */
    private void startAll() {
        PrintStream out = options.out();
        boolean besideTheBroker = broker != null && broker.credentials().isEmpty();
        if (besideTheBroker) {
            startServices();
        }
        if (broker != null) {
            long started = System.nanoTime();
            broker.start();
            recordProcesses();
            out.printf("Kafka broker    %s (ready in %.1f s)%n", bootstrap, (System.nanoTime() - started) / 1e9);
        }
        if (!besideTheBroker) {
            startServices();
        }
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

    private void startServices() {
        services.values().forEach(ServiceProcess::start);
        recordProcesses();
    }

    /** Writes which processes run now, so that the next run can stop them should this launcher die uncleanly. */
    public void recordProcesses() {
        Map<String, ProcessHandle> processes = new LinkedHashMap<>();
        if (broker != null && broker.pid() > 0) {
            ProcessHandle.of(broker.pid()).ifPresent(h -> processes.put("kafka-broker", h));
        }
        services.values().forEach(s -> s.handle().ifPresent(h -> processes.put(s.name(), h)));
        runDirectory.record(processes);
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public Optional<EmbeddedKafkaBroker> broker() {
        return Optional.ofNullable(broker);
    }

    /** What this run exposes and the credentials it generated. */
    public RunSecurity security() {
        return security;
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

    /** Whether the run's data stays on exit (asked for, or kept by an earlier run in the same directory). */
    public boolean keepsData() {
        return runDirectory.keepsData();
    }

    public Path workDir() {
        return runDirectory.path();
    }

    /**
     * Stops everything within {@link #STOP_BUDGET}: SIGTERM to every service at once, the agents first (they drop
     * their load as the first step of their shutdown); SIGKILL for a service still there after
     * {@link #SERVICES_STOP}; then the broker, killed if it is not gone {@link #BROKER_STOP_BY} after the start of the
     * stop; then the work directory, removed unless kept.
     */
    @Override
    public void close() {
        long start = System.nanoTime();
        List<ServiceProcess> order = Stream.concat(agents().stream(),
                services.values().stream().filter(s -> !s.name().startsWith("agent-"))).toList();
        order.forEach(ServiceProcess::terminate);
        for (ServiceProcess service : order) {
            if (!service.awaitExit(left(start, SERVICES_STOP))) {
                options.out().println("!! " + service.name() + " did not stop within " + SERVICES_STOP.toMillis()
                        + " ms; killed (see " + service.logFile() + ")");
                service.kill();
            }
        }
        try {
            if (broker != null) {
                broker.close(left(start, BROKER_STOP_BY));
            }
        } finally {
            runDirectory.close();
        }
    }

    private static Duration left(long startNanos, Duration budget) {
        return Duration.ofNanos(Math.max(0, budget.toNanos() - (System.nanoTime() - startNanos)));
    }

    /** {@code setsid} when the system has it (util-linux): the broker then gets no signal meant for the terminal. */
    private static List<String> ownSession() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
            Path setsid = Path.of(dir, "setsid");
            if (Files.isExecutable(setsid)) {
                return List.of(setsid.toString());
            }
        }
        return List.of();
    }

    private static long physicalMemoryMb() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long bytes = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 1L << 30;
        return bytes / (1024 * 1024);
    }
}
