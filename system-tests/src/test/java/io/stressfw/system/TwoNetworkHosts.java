package io.stressfw.system;

import io.stressfw.kafka.Directories;
import io.stressfw.kafka.EmbeddedKafkaBroker;
import io.stressfw.launcher.LaunchOptions;
import io.stressfw.launcher.LocalStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two network hosts on this machine for network load that crosses a network: namespaces {@code a} and {@code b}
 * joined by veth pairs to a bridge ({@link NetworkNamespaces}), an agent in each (its own host id, its sink on its
 * namespace's address, an allowlist of the subnet on the sink port, a network bandwidth at 100 % of
 * {@code bandwidthMbps}), the broker on the bridge's address and the control plane in the root namespace. Both agents
 * share the machine's CPU. {@link #close()} removes everything, also after a failed start.
 */
final class TwoNetworkHosts implements AutoCloseable {
    static final int SINK_PORT = 9100;
    static final int AGENT_HTTP_PORT = 8100;

    private NetworkNamespaces namespaces;
    private EmbeddedKafkaBroker broker;
    private LocalStack stack;
    private final List<NamespaceAgent> agents = new ArrayList<>();

    private TwoNetworkHosts() {
    }

    static TwoNetworkHosts start(Path home, Path work, double bandwidthMbps) throws IOException {
        TwoNetworkHosts hosts = new TwoNetworkHosts();
        try {
            hosts.startAll(home, work, bandwidthMbps);
            return hosts;
        } catch (IOException | RuntimeException | Error e) {
            hosts.close();
            throw e;
        }
    }

    private void startAll(Path home, Path work, double bandwidthMbps) throws IOException {
        Directories.deleteRecursively(work);
        Files.createDirectories(work);
        namespaces = NetworkNamespaces.create();
        List<NetworkNamespaces.Host> hosts = List.of(namespaces.add("a"), namespaces.add("b"));
        broker = EmbeddedKafkaBroker.builder().host(namespaces.bridgeAddress()).dataDir(work.resolve("kafka"))
                .keepData(true).build();
        broker.start();
        stack = LocalStack.start(LaunchOptions.forTests(home, work.resolve("run"), 0)
                .withExternalKafka(broker.bootstrapServers()).withKeepData(true));
        for (NetworkNamespaces.Host host : hosts) {
            String id = "agent-" + host.namespace().substring(host.namespace().length() - 1);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            env.put("STRESS_INSTANCE_ID", id);
            env.put("STRESS_HTTP_PORT", String.valueOf(AGENT_HTTP_PORT));
            env.put("STRESS_DATA_DIR", work.resolve("data").resolve(id).toString());
            env.put("STRESS_AGENT_HOST_ID", "host-" + id);
            env.put("STRESS_AGENT_LOAD_GENERATORS_CPU_CORES", "1");
            env.put("STRESS_AGENT_LOAD_GENERATORS_IO_SCRATCH_DIR", work.resolve("scratch").toString());
            env.put("STRESS_AGENT_LOAD_GENERATORS_NETWORK_SINK_BIND_ADDRESS", host.address());
            env.put("STRESS_AGENT_LOAD_GENERATORS_NETWORK_SINK_PORT", String.valueOf(SINK_PORT));
            env.put("STRESS_AGENT_LOAD_GENERATORS_NETWORK_ALLOWLIST", "sink," + namespaces.range(SINK_PORT));
            env.put("STRESS_AGENT_LOAD_GENERATORS_NETWORK_BANDWIDTH_MBPS", String.valueOf(bandwidthMbps));
            env.put("MALLOC_MMAP_THRESHOLD_", "4194304");
            NamespaceAgent agent = new NamespaceAgent(id, host,
                    home.resolve("load-agent-service/target/quarkus-app/quarkus-run.jar"), AGENT_HTTP_PORT, env,
                    work.resolve("run/logs").resolve(id + ".log"));
            agents.add(agent);
            agent.start();
        }
        for (NamespaceAgent agent : agents) {
            agent.awaitReady(Duration.ofSeconds(120));
        }
    }

    String orchestrator() {
        return stack.service(LocalStack.ORCHESTRATOR).url();
    }

    String safety() {
        return stack.service(LocalStack.SAFETY).url();
    }

    /** Agent a (index 0) and agent b (index 1). */
    List<NamespaceAgent> agents() {
        return List.copyOf(agents);
    }

    /** An agent's sink as its peer reaches it. */
    static String sink(NamespaceAgent agent) {
        return agent.host().address() + ":" + SINK_PORT;
    }

    @Override
    public void close() {
        agents.forEach(NamespaceAgent::stop);
        if (stack != null) {
            stack.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (namespaces != null) {
            namespaces.close();
        }
    }
}
