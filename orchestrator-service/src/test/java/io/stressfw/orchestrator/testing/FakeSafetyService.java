package io.stressfw.orchestrator.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for safety-service's POST /safety/preflight. Its verdict is a JVM system property so that the test
 * (in Quarkus' class loader) and this server (in the test resource's) see the same switch.
 */
public final class FakeSafetyService {
    public static final String VERDICT_PROPERTY = "test.preflight.fit";
    public static final String CALLS_PROPERTY = "test.preflight.calls";

    public static final String WEBHOOK_BODIES = "test.webhook.bodies";
    public static final String FLAKY_SEEN = "test.webhook.flaky.seen";
    public static final String FLAKY_RETRIED = "test.webhook.flaky.retried";

    private HttpServer server;

    public String start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/safety/preflight", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int calls = Integer.parseInt(System.getProperty(CALLS_PROPERTY, "0")) + 1;
            System.setProperty(CALLS_PROPERTY, String.valueOf(calls));
            boolean fit = Boolean.parseBoolean(System.getProperty(VERDICT_PROPERTY, "true"));
            String body = fit
                    ? "{\"fit\":true,\"checks\":[{\"check\":\"memory_headroom\",\"source\":\"host-1\",\"passed\":true,\"detail\":\"ok\"}]}"
                    : "{\"fit\":false,\"checks\":[{\"check\":\"memory_headroom\",\"source\":\"host-1\",\"passed\":false,"
                    + "\"detail\":\"memory_usage 97% over 90%\"},{\"check\":\"breakers\",\"source\":\"safety\",\"passed\":true}]}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.createContext("/webhook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            shared(WEBHOOK_BODIES).add(body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        // Refuses each payload once (503) and accepts its retry: proves the bounded retry.
        server.createContext("/flaky-webhook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean first = shared(FLAKY_SEEN).add(body);
            if (!first) {
                shared(FLAKY_RETRIED).add(body);
            }
            exchange.sendResponseHeaders(first ? 503 : 204, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * A set kept in the system properties: the test and this server live in different class loaders, but both see
     * the same java.* objects there.
     */
    @SuppressWarnings("unchecked")
    public static java.util.Set<String> shared(String name) {
        return (java.util.Set<String>) System.getProperties()
                .computeIfAbsent(name, k -> java.util.concurrent.ConcurrentHashMap.newKeySet());
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
