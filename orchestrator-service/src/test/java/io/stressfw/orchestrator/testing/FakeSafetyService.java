package io.stressfw.orchestrator.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stressfw.orchestrator.integration.WebhookSignature;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for safety-service's POST /safety/preflight and for webhook receivers, which check every delivery's
 * signature as the README tells a receiver to (a delivery that does not verify is counted, not kept). Its state (the verdict, the
 * pre-flight calls, the webhook bodies) belongs to this server, one per application start, and tests read and set
 * it over HTTP through {@link FakeSafetyControl}: the test (in Quarkus' class loader) and this server (in the test
 * resource's) share no Java object, and no state outlives the application.
 */
public final class FakeSafetyService {
    /**
     * "true", "false", "over_limit" (fit, with a reading over a rule's limit not yet for long enough), "slow" (every
     * answer too late) or "slow_once" (the next answer too late, then "true").
     */
    private final AtomicReference<String> verdict = new AtomicReference<>("true");
    private final AtomicBoolean breakerOpen = new AtomicBoolean(true);
    private final AtomicInteger preflightCalls = new AtomicInteger();
    private final AtomicReference<String> preflightAuthorization = new AtomicReference<>("");
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicReference<String> resetAuthorization = new AtomicReference<>("");
    private final List<String> preflightBodies = new CopyOnWriteArrayList<>();
    private final List<String> webhookBodies = new CopyOnWriteArrayList<>();
    private final Set<String> flakySeen = ConcurrentHashMap.newKeySet();
    private final List<String> flakyRetried = new CopyOnWriteArrayList<>();
    private final String webhookSecret;
    private HttpServer server;
    private ExecutorService executor;

    public FakeSafetyService(String webhookSecret) {
        this.webhookSecret = webhookSecret;
    }

    public String start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/safety/preflight", exchange -> {
            preflightBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            preflightAuthorization.set(authorization == null ? "" : authorization);
            preflightCalls.incrementAndGet();
            // "slow": every answer comes after the orchestrator's 1 s time-out; "slow_once": the next one does.
            String now = verdict.get();
            if (now.equals("slow") || now.equals("slow_once") && verdict.compareAndSet(now, "true")) {
                pause(Duration.ofSeconds(3));
            }
            String body = verdict.get().equals("over_limit")
                    ? "{\"fit\":true,\"checks\":[{\"check\":\"under_limit:cpu\",\"source\":\"host-1\",\"passed\":true,"
                    + "\"detail\":\"cpu_usage = 97 over the limit, not for long enough to break cpu_usage > 95 for 2s\","
                    + "\"over_limit\":true}]}"
                    : verdict.get().equals("true")
                    ? "{\"fit\":true,\"checks\":[{\"check\":\"memory_headroom\",\"source\":\"host-1\",\"passed\":true,\"detail\":\"ok\"}]}"
                    : "{\"fit\":false,\"checks\":[{\"check\":\"memory_headroom\",\"source\":\"host-1\",\"passed\":false,"
                    + "\"detail\":\"memory_usage 97% over 90%\"},{\"check\":\"breakers\",\"source\":\"safety\",\"passed\":true}]}";
            answer(exchange, 200, "application/json", body);
        });
        // One OPEN breaker, closed by a reset; any other id is unknown (404 problem, as safety-service answers).
        server.createContext("/safety/breakers", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/safety/breakers") && exchange.getRequestMethod().equals("GET")) {
                answer(exchange, 200, "application/json", "[" + breaker(breakerOpen.get() ? "open" : "closed") + "]");
            } else if (path.equals("/safety/breakers/cpu@host-1/reset") && exchange.getRequestMethod().equals("POST")) {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                resetAuthorization.set(authorization == null ? "" : authorization);
                breakerOpen.set(false);
                answer(exchange, 200, "application/json", breaker("closed"));
            } else {
                answer(exchange, 404, "application/problem+json",
                        "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"id: no breaker\",\"field\":\"id\"}");
            }
        });
        // The seed's set_thresholds: merges like safety-service for the one rule it knows, refuses an unknown metric.
        server.createContext("/safety/thresholds", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!exchange.getRequestMethod().equals("PATCH")) {
                answer(exchange, 405, "text/plain", "");
            } else if (body.contains("gpu_usage")) {
                answer(exchange, 400, "application/problem+json", "{\"title\":\"Bad Request\",\"status\":400,"
                        + "\"detail\":\"gpu_usage: unknown metric 'gpu_usage'\",\"field\":\"gpu_usage\"}");
            } else {
                String limit = body.replaceAll(".*\"cpu_usage\"\\s*:\\s*([0-9.]+).*", "$1");
                answer(exchange, 200, "application/json", "{\"rules\":[{\"id\":\"cpu\",\"metric\":\"cpu_usage\","
                        + "\"limit\":" + (limit.equals(body) ? "95" : limit) + "}]}");
            }
        });
        server.createContext("/webhook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (signed(exchange, body)) {
                webhookBodies.add(new String(body, StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
            } else {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
            }
            exchange.close();
        });
        // Refuses each payload once (503) and accepts its retry: proves the bounded retry.
        server.createContext("/flaky-webhook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean first = flakySeen.add(body);
            if (!first) {
                flakyRetried.add(body);
            }
            exchange.sendResponseHeaders(first ? 503 : 204, -1);
            exchange.close();
        });
        // The tests' side door: PUT the verdict, GET what was received (webhook bodies one per line: they are JSON
        // written on one line).
        server.createContext(FakeSafetyControl.VERDICT, exchange -> {
            verdict.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).trim());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext(FakeSafetyControl.PREFLIGHT_CALLS, exchange ->
                answer(exchange, 200, "text/plain", Integer.toString(preflightCalls.get())));
        server.createContext(FakeSafetyControl.PREFLIGHT_AUTHORIZATION, exchange ->
                answer(exchange, 200, "text/plain", preflightAuthorization.get()));
        server.createContext(FakeSafetyControl.RESET_AUTHORIZATION, exchange ->
                answer(exchange, 200, "text/plain", resetAuthorization.get()));
        server.createContext(FakeSafetyControl.BAD_SIGNATURES, exchange ->
                answer(exchange, 200, "text/plain", Integer.toString(badSignatures.get())));
        server.createContext(FakeSafetyControl.PREFLIGHT_BODIES, exchange ->
                answer(exchange, 200, "text/plain", String.join("\n", preflightBodies)));
        server.createContext(FakeSafetyControl.WEBHOOK_BODIES, exchange ->
                answer(exchange, 200, "text/plain", String.join("\n", webhookBodies)));
        server.createContext(FakeSafetyControl.FLAKY_RETRIED, exchange ->
                answer(exchange, 200, "text/plain", String.join("\n", flakyRetried)));
        // One thread per exchange: a slow pre-flight must not hold up the orchestrator's next one.
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private boolean signed(HttpExchange exchange, byte[] body) {
        return WebhookSignature.verify(webhookSecret,
                exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER),
                body, System.currentTimeMillis() / 1000, 300);
    }

    private static String breaker(String state) {
        return "{\"breaker_id\":\"cpu@host-1\",\"rule_id\":\"cpu\",\"source_id\":\"host-1\",\"state\":\"" + state
                + "\",\"since_ms\":1,\"open_until_ms\":" + ("open".equals(state) ? "30001" : "null")
                + ",\"trips\":1,\"opened_in_cycle\":\"cycle-1\"}";
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
