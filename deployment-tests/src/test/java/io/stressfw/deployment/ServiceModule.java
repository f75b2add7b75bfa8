package io.stressfw.deployment;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The four service modules and how each is deployed. */
enum ServiceModule {
    ORCHESTRATOR("orchestrator-service", "Deployment"),
    SAFETY("safety-service", "Deployment"),
    METRICS("metrics-service", "DaemonSet"),
    AGENT("load-agent-service", "Deployment");

    private final String artifactId;
    private final String workloadKind;

    ServiceModule(String artifactId, String workloadKind) {
        this.artifactId = artifactId;
        this.workloadKind = workloadKind;
    }

    /** Module directory, compose service, Kubernetes workload, Service and container are all named after it. */
    String artifactId() {
        return artifactId;
    }

    /** The workload kind in the base (agents become a DaemonSet in the agents-per-node variant). */
    String workloadKind() {
        return workloadKind;
    }

    Path directory() {
        return Repository.ROOT.resolve(artifactId);
    }

    Path dockerfile() {
        return directory().resolve("src/main/docker/Dockerfile.jvm");
    }

    /** Read once per test run: the files do not change while the tests run. */
    ServiceConfig config() {
        return CONFIGS.computeIfAbsent(this, ServiceConfig::load);
    }

    private static final Map<ServiceModule, ServiceConfig> CONFIGS = new ConcurrentHashMap<>();
}
