package io.stressfw.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * For tests: a real Prometheus server (Debian's {@code prometheus}, installed by {@code .ci/run}) on loopback, scraping one
 * target every second, with its data in a temporary directory; stopped and removed on close.
 */
public final class PrometheusServer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final Process process;
    private final Path dir;
    private final int port;

    public PrometheusServer(String scrapeTarget) throws IOException {
        dir = Files.createTempDirectory("prometheus-test");
        port = LoopbackPorts.free();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: service
                    static_configs:
                      - targets: ['%s']
                """.formatted(scrapeTarget));
        process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Polls {@code /-/ready} until it answers 200 or the deadline passes. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + log());
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) uri().resolve("/-/ready").toURL().openConnection();
                connection.setConnectTimeout(200);
                connection.setReadTimeout(500);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
        throw new IllegalStateException("prometheus not ready within " + timeout + ": " + log());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
