package io.stressfw.orchestrator.probe;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP service on loopback for probe tests, with knobs: the CPU work each request does (so its latency grows
 * with the knob and with CPU contention), the status it answers, and a raw body ({@code /api/v1/query} answers it as
 * a Prometheus server would). Records what it received.
 */
public final class KnobService implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final AtomicLong workIterations = new AtomicLong();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> body = new AtomicReference<>("ok");
    private final AtomicReference<String> lastRequest = new AtomicReference<>();
    private volatile double sink;

    static {
        // The JDK server writes headers and body apart; with Nagle on, the client's delayed ACK adds 40 ms to every
        // answer (read once, when the first JDK HttpServer of the JVM starts).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public KnobService() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            byte[] received = exchange.getRequestBody().readAllBytes();
            lastRequest.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("X-Probe") + " " + new String(received, StandardCharsets.UTF_8));
            burn(workIterations.get());
            byte[] answer = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** CPU-bound work: the service's latency is this work divided by the CPU it gets. */
    private void burn(long iterations) {
        double x = 1;
        for (long i = 0; i < iterations; i++) {
            if ((i & 0xFFFF) == 0 && Thread.currentThread().isInterrupted()) {
                return;
            }
            x = Math.sqrt(x + i);
        }
        sink = x;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public KnobService work(long iterations) {
        workIterations.set(iterations);
        return this;
    }

    public KnobService status(int value) {
        status.set(value);
        return this;
    }

    public KnobService body(String value) {
        body.set(value);
        return this;
    }

    public String lastRequest() {
        return lastRequest.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
