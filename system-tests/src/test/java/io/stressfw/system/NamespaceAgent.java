package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** A packaged agent started inside a network namespace, reached at its namespace's address. */
final class NamespaceAgent {
    private final String id;
    private final NetworkNamespaces.Host host;
    private final Path runJar;
    private final int port;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    NamespaceAgent(String id, NetworkNamespaces.Host host, Path runJar, int port, Map<String, String> env, Path log) {
        this.id = id;
        this.host = host;
        this.runJar = runJar;
        this.port = port;
        this.env = Map.copyOf(env);
        this.log = log;
    }

    String id() {
        return id;
    }

    NetworkNamespaces.Host host() {
        return host;
    }

    void start() throws IOException {
        Files.createDirectories(log.getParent());
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms32m",
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:MaxDirectMemorySize=512m", "-jar", runJar.toString());
        ProcessBuilder builder = new ProcessBuilder(host.inside(java)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
    }

    void awaitReady(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError(id + " exited during start-up; see " + log);
            }
            return Http.get(url() + "/q/health/ready").status() == 200;
        });
    }

    JsonNode status() {
        return Http.getJson(url() + "/agent/status");
    }

    /** SIGTERM (ip netns exec runs the JVM itself), so the agent leaves in order. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String url() {
        return "http://" + host.address() + ":" + port;
    }
}
