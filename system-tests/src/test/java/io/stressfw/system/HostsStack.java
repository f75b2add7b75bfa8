package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.kafka.Directories;
import io.stressfw.kafka.EmbeddedKafkaBroker;
import io.stressfw.launcher.LocalStack;
import io.stressfw.launcher.ServiceProcess;
import io.stressfw.launcher.SmallStackEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The platform across four network hosts ({@link NetworkHosts}), started once per test JVM and stopped at its exit
 * (the classes tagged {@code network-hosts} share it, each healing it first):
 * <ul>
 *   <li>{@code broker}: the Kafka broker, safety-service and metrics-service (safety and metrics may run beside it);</li>
 *   <li>{@code orchestrator}: the orchestrator;</li>
 *   <li>{@code agent-1} and {@code agent-2}: one agent each. agent-2 reaches the broker through a {@link DelayingProxy}
 *   in the test JVM (on the bridge), by the broker's relayed listener, so that its link can be made late; with no
 *   delay set the proxy forwards at once.</li>
 * </ul>
 * Every service listens on its own host's address, on the usual ports; the test JVM reaches them over the bridge.
 */
final class HostsStack {
    static final int KAFKA_PORT = 9092;
    static final int CONTROLLER_PORT = 9093;
    static final int RELAYED_PORT = 9094;
    static final String AGENT_1 = "agent-1";
    static final String AGENT_2 = "agent-2";
    /** Where a paired agent's sink listens on its own host ({@link #pairAgentsForNetworkLoad}). */
    static final int SINK_PORT = 9100;
    /** Small caps, as on the loopback stack; agents load one core each; the build shares the machine. */
    private static final Map<String, String> ENV = SmallStackEnvironment.ONE_CORE_BESIDE_THE_BUILD;

    private static HostsStack stack;

    private final Path work;
    private final NetworkHosts network;
    private final Map<String, NetworkHosts.NetworkHost> hosts = new LinkedHashMap<>();
    private final DelayingProxy proxy;
    private final EmbeddedKafkaBroker broker;
    /** As configured at start; a scenario may run an agent with another environment for a while. */
    private final Map<String, ServiceProcess> defaults = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> running = new LinkedHashMap<>();
    private final ControlPlane control;
    private JsonNode initialRules;
    private boolean orchestratorFrozen;

    private HostsStack(Path work, NetworkHosts network) {
        this.work = work;
        this.network = network;
        for (String role : List.of("broker", "orchestrator", AGENT_1, AGENT_2)) {
            hosts.put(role, network.add(role));
        }
        String brokerAddress = host("broker").address();
        this.proxy = new DelayingProxy(network.bridgeAddress(), 0, new InetSocketAddress(brokerAddress, RELAYED_PORT));
        this.broker = EmbeddedKafkaBroker.builder()
                .host(brokerAddress).port(KAFKA_PORT).controllerPort(CONTROLLER_PORT)
                .relayedListener(RELAYED_PORT, network.bridgeAddress() + ":" + proxy.port())
                .wrapper(host("broker").wrapper())
                .dataDir(work.resolve("kafka")).keepData(true)
                .build();
        String direct = brokerAddress + ":" + KAFKA_PORT;
        Path cycles = copyResource("/hosts-test-cycles.yaml", work.resolve("cycles.yaml"));
        add("safety", "safety-service", host("broker"), 8001, direct, Map.of());
        add("metrics", "metrics-service", host("broker"), 8002, direct, Map.of());
        Map<String, String> agentEnv = new LinkedHashMap<>(LocalStack.AGENT_ENV);
        agentEnv.put("STRESS_AGENT_LOAD_GENERATORS_IO_SCRATCH_DIR", work.resolve("scratch").toString());
        add(AGENT_1, "load-agent-service", host(AGENT_1), 8100, direct, agentEnv);
        add(AGENT_2, "load-agent-service", host(AGENT_2), 8100, broker.relayedBootstrapServers(), agentEnv);
        add(LocalStack.ORCHESTRATOR, "orchestrator-service", host("orchestrator"), 8000, direct, Map.of(
                "STRESS_SAFETY_URL", "http://" + brokerAddress + ":8001",
                "STRESS_CYCLES_CONFIG", cycles.toString()));
        this.control = new ControlPlane(() -> url(LocalStack.ORCHESTRATOR), () -> url("safety"), () -> initialRules);
    }

    /** The stack, started on first use; stopped (and its network removed) when the JVM exits. */
    static synchronized HostsStack get() {
        if (stack == null) {
            Path work = Path.of(System.getProperty("stress.system.work", "target/system-stack")).toAbsolutePath()
                    .resolveSibling("hosts-stack");
            Directories.deleteRecursively(work);
            NetworkHosts network = NetworkHosts.create();
            HostsStack started = null;
            try {
                Files.createDirectories(work);
                started = new HostsStack(work, network);
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "hosts-stack-stop"));
                started.startAll();
                stack = started;
            } catch (IOException e) {
                network.close();
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                if (started != null) {
                    started.stop();
                }
                network.close();
                throw e;
            }
        }
        return stack;
    }

    private void add(String name, String module, NetworkHosts.NetworkHost host, int port, String bootstrap,
                     Map<String, String> extraEnv) {
        Map<String, String> env = new LinkedHashMap<>(ENV);
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("STRESS_INSTANCE_ID", name);
        env.put("STRESS_DATA_DIR", work.resolve("data").resolve(name).toString());
        env.putAll(extraEnv);
        Path home = Path.of(System.getProperty("stress.home", "..")).toAbsolutePath().normalize();
        ServiceProcess service = ServiceProcess.builder(name, home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"))
                .host(host.address()).port(port).environment(env).jvmOptions(LocalStack.jvmOptions(module))
                .wrapper(host.wrapper()).logFile(work.resolve("logs").resolve(name + ".log"))
                .build();
        defaults.put(name, service);
        running.put(name, service);
    }

    private void startAll() {
        broker.start();
        running.values().forEach(ServiceProcess::start);
        awaitReady(running.values().stream().toList());
        // Read once, before any scenario changes them: every scenario restores exactly these.
        initialRules = Http.getJson(url("safety") + "/safety/thresholds").path("rules");
    }

    private static void awaitReady(List<ServiceProcess> services) {
        CompletableFuture.allOf(services.stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(Duration.ofSeconds(180))))
                .toArray(CompletableFuture[]::new)).join();
    }

    NetworkHosts.NetworkHost host(String role) {
        NetworkHosts.NetworkHost host = hosts.get(role);
        if (host == null) {
            throw new IllegalArgumentException("no host " + role + "; have " + hosts.keySet());
        }
        return host;
    }

    ServiceProcess service(String name) {
        ServiceProcess service = running.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + "; have " + running.keySet());
        }
        return service;
    }

    String url(String name) {
        return service(name).url();
    }

    List<ServiceProcess> agents() {
        return List.of(service(AGENT_1), service(AGENT_2));
    }

    EmbeddedKafkaBroker broker() {
        return broker;
    }

    DelayingProxy proxy() {
        return proxy;
    }

    ControlPlane control() {
        return control;
    }

    /** SIGSTOP: the orchestrator stays in memory with its connections open and does nothing, as a hung process. */
    void freezeOrchestrator() {
        NetworkHosts.run(List.of("kill", "-STOP", String.valueOf(service(LocalStack.ORCHESTRATOR).pid())));
        orchestratorFrozen = true;
    }

    /** SIGCONT: the orchestrator carries on from where it was frozen. */
    void thawOrchestrator() {
        NetworkHosts.run(List.of("kill", "-CONT", String.valueOf(service(LocalStack.ORCHESTRATOR).pid())));
        orchestratorFrozen = false;
    }

    /**
     * Runs the agents with {@code extraEnv} per agent (e.g. a skewed clock) until the next {@link #heal()}: both are
     * stopped and started again, together, and waited for.
     */
    void restartAgents(Map<String, Map<String, String>> extraEnv) {
        Map<String, ServiceProcess> replacements = new LinkedHashMap<>();
        extraEnv.forEach((name, extra) -> replacements.put(name, defaults.get(name).withEnvironment(extra)));
        replace(replacements);
        awaitReady(List.copyOf(replacements.values()));
    }

    /** Stops the services named (all at once, SIGKILL after 10 s) and starts their replacements. */
    private void replace(Map<String, ServiceProcess> replacements) {
        List<ServiceProcess> old = replacements.keySet().stream().map(running::get).toList();
        old.forEach(ServiceProcess::terminate);
        for (ServiceProcess service : old) {
            service.stop(Duration.ofSeconds(10));
        }
        replacements.forEach((name, service) -> {
            running.put(name, service);
            service.start();
        });
    }

    /**
     * {@link #heal()}, with the agents run as two machines that load the network between them until the next heal: each
     * with a host id of its own ({@code host-agent-1}), its sink on its own host's address ({@link #sink}) and an
     * allowlist of the subnet on the sink port, and {@code bandwidthMbps} at 100 % of its network load.
     */
    void pairAgentsForNetworkLoad(double bandwidthMbps) {
        Map<String, Map<String, String>> env = new LinkedHashMap<>();
        for (String agent : List.of(AGENT_1, AGENT_2)) {
            env.put(agent, Map.of(
                    "STRESS_AGENT_HOST_ID", "host-" + agent,
                    "STRESS_AGENT_LOAD_GENERATORS_NETWORK_SINK_BIND_ADDRESS", host(agent).address(),
                    "STRESS_AGENT_LOAD_GENERATORS_NETWORK_SINK_PORT", String.valueOf(SINK_PORT),
                    "STRESS_AGENT_LOAD_GENERATORS_NETWORK_ALLOWLIST", "sink," + network.range(SINK_PORT),
                    "STRESS_AGENT_LOAD_GENERATORS_NETWORK_BANDWIDTH_MBPS", String.valueOf(bandwidthMbps)));
        }
        healWith(env);
    }

    /** A paired agent's sink as its peer reaches it. */
    String sink(String agent) {
        return host(agent).address() + ":" + SINK_PORT;
    }

    /**
     * Everything back to the stack's first state: the network as created (no partition, no rate limit, no delay), the
     * orchestrator thawed, the broker and every service running with its own environment, and ready.
     */
    void heal() {
        healWith(Map.of());
    }

    /**
     * {@link #heal()}, but the services named in {@code extraEnv} run with it added to their own environment. A service
     * already running with exactly that environment is left as it is: a class can keep what the one before it set up.
     */
    private void healWith(Map<String, Map<String, String>> extraEnv) {
        undoFaults();
        if (!broker.isRunning()) {
            broker.start();
        }
        Map<String, ServiceProcess> replacements = new LinkedHashMap<>();
        for (Map.Entry<String, ServiceProcess> entry : running.entrySet()) {
            ServiceProcess own = defaults.get(entry.getKey());
            Map<String, String> extra = extraEnv.get(entry.getKey());
            ServiceProcess wanted = extra == null ? own : own.withEnvironment(extra);
            if (!entry.getValue().environment().equals(wanted.environment())) {
                replacements.put(entry.getKey(), wanted);
            }
        }
        replace(replacements);
        for (ServiceProcess service : running.values()) {
            if (!service.isAlive()) {
                service.start();
            }
        }
        awaitReady(List.copyOf(running.values()));
    }

    /** The network as created (no partition, no rate limit, no delay) and the orchestrator thawed. */
    void undoFaults() {
        if (orchestratorFrozen) {
            thawOrchestrator();
        }
        proxy.delay(Duration.ZERO);
        for (NetworkHosts.NetworkHost host : hosts.values()) {
            host.unlimitRate();
            if (NetworkHosts.which("iptables").isPresent()) {
                host.healPartition();
            }
        }
    }

    /** Stops every process (the broker last) and removes the network. */
    private void stop() {
        try {
            if (orchestratorFrozen) {
                thawOrchestrator();
            }
            running.values().forEach(ServiceProcess::terminate);
            running.values().forEach(s -> {
                if (!s.awaitExit(Duration.ofSeconds(10))) {
                    s.kill();
                }
            });
            broker.close(Duration.ofSeconds(10));
            proxy.close();
        } finally {
            network.close();
        }
    }

    private static Path copyResource(String resource, Path target) {
        try (InputStream in = HostsStack.class.getResourceAsStream(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
