package io.stressfw.launcher;

import io.stressfw.model.Checks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to run the local stack. A port of 0 picks a free one (tests); {@code externalKafka} non-null means "use that
 * broker, start none"; {@code listenAddress} is where the services and the broker listen (127.0.0.1 unless
 * {@code --listen}, which also turns access control on: {@link RunSecurity}).
 */
public record LaunchOptions(
        Path home,
        Path workDir,
        int agents,
        String externalKafka,
        int kafkaPort,
        int orchestratorPort,
        int safetyPort,
        int metricsPort,
        int agentBasePort,
        Path cyclesConfig,
        boolean keepData,
        Map<String, String> environment,
        List<String> jvmOptions,
        Duration readyTimeout,
        PrintStream out,
        String listenAddress) {

    public LaunchOptions {
        // 0 agents: the control plane alone, for tests that start their agents elsewhere (other network namespaces).
        Checks.between(agents, 0, 16, "agents");
        Checks.notBlank(listenAddress, "listen address");
        environment = Map.copyOf(environment);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The defaults of {@code ./stress up}: Kafka on 9092, orchestrator on 8000, safety 8001, metrics 8002, agents from 8100. */
    public static LaunchOptions defaults(Path home) {
        return new LaunchOptions(home, home.resolve(".stress/run"), 1, null, 9092, 8000, 8001, 8002, 8100, null, false,
                Map.of(), List.of(), Duration.ofSeconds(120), System.out, RunSecurity.LOOPBACK);
    }

    /** Every port free-picked and the work in a given directory: for tests that run beside a developer's stack. */
    public static LaunchOptions forTests(Path home, Path workDir, int agents) {
        return new LaunchOptions(home, workDir, agents, null, 0, 0, 0, 0, 0, null, false, Map.of(), List.of(),
                Duration.ofSeconds(180), System.out, RunSecurity.LOOPBACK);
    }

    public LaunchOptions withAgents(int count) {
        return new LaunchOptions(home, workDir, count, externalKafka, kafkaPort, orchestratorPort, safetyPort, metricsPort,
                agentBasePort, cyclesConfig, keepData, environment, jvmOptions, readyTimeout, out, listenAddress);
    }

    public LaunchOptions withExternalKafka(String bootstrap) {
        return new LaunchOptions(home, workDir, agents, bootstrap, kafkaPort, orchestratorPort, safetyPort, metricsPort,
                agentBasePort, cyclesConfig, keepData, environment, jvmOptions, readyTimeout, out, listenAddress);
    }

    public LaunchOptions withCyclesConfig(Path file) {
        return new LaunchOptions(home, workDir, agents, externalKafka, kafkaPort, orchestratorPort, safetyPort, metricsPort,
                agentBasePort, file, keepData, environment, jvmOptions, readyTimeout, out, listenAddress);
    }

    public LaunchOptions withKeepData(boolean keep) {
        return new LaunchOptions(home, workDir, agents, externalKafka, kafkaPort, orchestratorPort, safetyPort, metricsPort,
                agentBasePort, cyclesConfig, keep, environment, jvmOptions, readyTimeout, out, listenAddress);
    }

    public LaunchOptions withWorkDir(Path dir) {
        return new LaunchOptions(home, dir, agents, externalKafka, kafkaPort, orchestratorPort, safetyPort, metricsPort,
                agentBasePort, cyclesConfig, keepData, environment, jvmOptions, readyTimeout, out, listenAddress);
    }

    /**
     * The services' ports from {@code base}: the orchestrator on {@code base}, safety {@code base + 1}, metrics
     * {@code base + 2}, agents from {@code base + 100}; 0 picks every service port free.
     */
    public LaunchOptions withPortBase(int base) {
        Checks.between(base, 0, 65535 - 100 - 15, "port base");
        return new LaunchOptions(home, workDir, agents, externalKafka, kafkaPort, base, base == 0 ? 0 : base + 1,
                base == 0 ? 0 : base + 2, base == 0 ? 0 : base + 100, cyclesConfig, keepData, environment, jvmOptions,
                readyTimeout, out, listenAddress);
    }

    /** The embedded broker's client port; 0 picks a free one. */
    public LaunchOptions withKafkaPort(int port) {
        return new LaunchOptions(home, workDir, agents, externalKafka, port, orchestratorPort, safetyPort, metricsPort,
                agentBasePort, cyclesConfig, keepData, environment, jvmOptions, readyTimeout, out, listenAddress);
    }

    /** Where the launcher prints its progress. */
    public LaunchOptions withOut(PrintStream stream) {
        return new LaunchOptions(home, workDir, agents, externalKafka, kafkaPort, orchestratorPort, safetyPort,
                metricsPort, agentBasePort, cyclesConfig, keepData, environment, jvmOptions, readyTimeout, stream, listenAddress);
    }

    public LaunchOptions withEnvironment(Map<String, String> env) {
        return new LaunchOptions(home, workDir, agents, externalKafka, kafkaPort, orchestratorPort, safetyPort, metricsPort,
                agentBasePort, cyclesConfig, keepData, env, jvmOptions, readyTimeout, out, listenAddress);
    }

    /** Where the services and the broker listen: 127.0.0.1 by default, another address opens the run (with auth). */
    public LaunchOptions withListenAddress(String address) {
        return new LaunchOptions(home, workDir, agents, externalKafka, kafkaPort, orchestratorPort, safetyPort, metricsPort,
                agentBasePort, cyclesConfig, keepData, environment, jvmOptions, readyTimeout, out, address);
    }
}
