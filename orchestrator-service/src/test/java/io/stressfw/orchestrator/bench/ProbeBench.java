package io.stressfw.orchestrator.bench;

import com.sun.net.httpserver.HttpServer;
import io.stressfw.model.ProbeSpec;
import io.stressfw.model.ProbeSpecParser;
import io.stressfw.service.probe.ProbeAttempt;
import io.stressfw.service.probe.ProbeRunner;
import io.stressfw.service.probe.ProbeRunners;
import io.stressfw.service.probe.ProbeScheduler;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Probe overhead and accuracy, and the time a probe takes to show an SLO breach. Not a test (not run by verify):
 * <ol>
 *   <li>accuracy: an HTTP probe's latency against the service's own handling time (measured in the handler), for
 *       services answering in 0, 20 and 100 ms; the difference is what the probe adds (client, loopback, JDK
 *       HttpServer);</li>
 *   <li>cost: CPU time of the probe thread per attempt, per probe type (http, tcp, promql);</li>
 *   <li>detection: a probe at its default 1 s interval on a service whose latency jumps from 0 to 800 ms at a random
 *       moment; the time until a sample's p95 is over 500 ms.</li>
 * </ol>
 * Run: see docs/benchmarks.md ("Orchestrator: SLO probes").
 */
public final class ProbeBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ProbeBench() {
    }

    public static void main(String[] args) throws Exception {
        // Without it the JDK server's two writes (headers, body) meet the client's delayed ACK: 40 ms per answer that
        // belong to the test service, not to the probe.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        AtomicLong delayMs = new AtomicLong();
        AtomicLong lastHandlingNanos = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        byte[] promql = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"42\"]}]}}"
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            long start = System.nanoTime();
            exchange.getRequestBody().readAllBytes();
            long delay = delayMs.get();
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = exchange.getRequestURI().getPath().startsWith("/api/v1/query") ? promql : "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            lastHandlingNanos.set(System.nanoTime() - start);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        ProbeRunners runners = new ProbeRunners(Clock.systemUTC());
        try (ServerSocket tcp = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!tcp.isClosed()) {
                    try {
                        tcp.accept().close();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            System.out.println("== accuracy: probe latency - service handling time (ms), 300 attempts each");
            ProbeRunner http = runners.of(spec(Map.of("type", "http", "url", base + "/checkout", "timeout", "1s")));
            warm(http, 500);
            for (long delay : new long[]{0, 20, 100}) {
                delayMs.set(delay);
                double[] overhead = new double[300];
                double[] latency = new double[300];
                for (int i = 0; i < overhead.length; i++) {
                    ProbeAttempt attempt = http.attempt();
                    latency[i] = attempt.elapsedMs();
                    overhead[i] = attempt.elapsedMs() - lastHandlingNanos.get() / 1e6;
                }
                System.out.printf("service %3d ms: probe p50 %.2f, p99 %.2f | added p50 %.3f, p95 %.3f, p99 %.3f, max %.3f%n",
                        delay, pct(latency, 0.5), pct(latency, 0.99), pct(overhead, 0.5), pct(overhead, 0.95),
                        pct(overhead, 0.99), pct(overhead, 1));
            }
            delayMs.set(0);

            System.out.println("== cost: CPU time of the probe thread per attempt (us), 2000 attempts after 500 warm-up");
            Map<String, ProbeRunner> byType = Map.of(
                    "http", http,
                    "tcp", runners.of(spec(Map.of("type", "tcp", "address", "127.0.0.1:" + tcp.getLocalPort()))),
                    "promql", runners.of(spec(Map.of("type", "promql", "url", base, "query", "sum(queue_depth)"))));
            for (String type : new String[]{"http", "tcp", "promql"}) {
                ProbeRunner runner = byType.get(type);
                warm(runner, 500);
                long cpu = THREADS.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                for (int i = 0; i < 2000; i++) {
                    runner.attempt();
                }
                System.out.printf("%-6s cpu %.1f us/attempt, wall %.1f us/attempt%n", type,
                        (THREADS.getCurrentThreadCpuTime() - cpu) / 2000 / 1e3, (System.nanoTime() - wall) / 2000 / 1e3);
            }
        }

        System.out.println("== detection: service 0 -> 800 ms, probe interval 1s timeout 1s window 10s, until p95 > 500 ms");
        double[] detections = new double[10];
        for (int run = 0; run < detections.length; run++) {
            delayMs.set(0);
            CountDownLatch breached = new CountDownLatch(1);
            AtomicLong flippedAt = new AtomicLong(Long.MAX_VALUE);
            AtomicLong seenAt = new AtomicLong();
            try (ProbeScheduler scheduler = new ProbeScheduler(ProbeSpecParser.parseAll(Map.of("checkout",
                    Map.of("type", "http", "url", base + "/checkout")), "probes"), runners::of, (spec, attempt, metrics) -> {
                Double p95 = metrics.get("probe.checkout.p95_ms");
                if (p95 != null && p95 > 500 && System.nanoTime() > flippedAt.get() && seenAt.get() == 0) {
                    seenAt.set(System.nanoTime());
                    breached.countDown();
                }
            })) {
                scheduler.start();
                // A random moment within the probe's period after a few healthy attempts.
                TimeUnit.MILLISECONDS.sleep(3000 + (long) (Math.random() * 1000));
                flippedAt.set(System.nanoTime());
                delayMs.set(800);
                breached.await(10, TimeUnit.SECONDS);
            }
            detections[run] = (seenAt.get() - flippedAt.get()) / 1e6;
        }
        delayMs.set(0);
        System.out.printf("breach -> probe sample over the limit (ms): p50 %.0f, max %.0f, all %s%n",
                pct(detections, 0.5), pct(detections, 1), Arrays.toString(Arrays.stream(detections).map(Math::round).toArray()));
        server.stop(0);
        System.exit(0);
    }

    private static ProbeSpec spec(Map<String, Object> fields) {
        return ProbeSpecParser.parse("bench", fields, "probes.bench");
    }

    private static void warm(ProbeRunner runner, int attempts) {
        for (int i = 0; i < attempts; i++) {
            runner.attempt();
        }
    }

    private static double pct(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
