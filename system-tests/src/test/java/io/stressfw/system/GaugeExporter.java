package io.stressfw.system;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Prometheus exporter the test controls: {@code GET /metrics} answers one gauge in the text exposition format, at
 * the value the test last set. A real Prometheus scrapes it, as it would a queue's exporter. Its {@code /status} is
 * the service's health endpoint as the agents probe it: it answers the status the test last set (204 at first).
 */
final class GaugeExporter implements AutoCloseable {
    static final String GAUGE = "checkout_queue_depth";

    private final HttpServer server;
    private final AtomicLong value = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger(204);

    private GaugeExporter(HttpServer server) {
        this.server = server;
    }

    static GaugeExporter start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        GaugeExporter exporter = new GaugeExporter(server);
        server.createContext("/metrics", exchange -> {
            byte[] body = ("# TYPE " + GAUGE + " gauge\n" + GAUGE + " " + exporter.value.get() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/status", exchange -> {
            exchange.sendResponseHeaders(exporter.status.get(), -1);
            exchange.close();
        });
        server.start();
        return exporter;
    }

    /** {@code host:port}, as a scrape target. */
    String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void set(long gauge) {
        value.set(gauge);
    }

    String statusUrl() {
        return "http://" + target() + "/status";
    }

    void answer(int code) {
        status.set(code);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
