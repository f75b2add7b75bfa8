package io.stressfw.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.agent.AgentMeters;
import io.stressfw.agent.AgentRuntime;
import io.stressfw.service.security.AccessRules;
import io.stressfw.service.security.ApiKeys;
import io.stressfw.service.security.AuthSettings;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's HTTP endpoints on the JDK's own server (no HTTP stack of its own on every node under test, issue 21):
 * {@code GET /agent/status}, {@code /q/health}, {@code /q/health/live}, {@code /q/health/ready} and the Prometheus
 * scrape {@code /q/metrics}, behind the same access control as every service ({@link RequestGate}). Every refusal and
 * error is an {@code application/problem+json} document. One thread answers: each answer is a read of the agent's
 * state, never a wait for its lock.
 */
@Singleton
public class AgentHttpServer {
    private static final Logger LOG = Logger.getLogger(AgentHttpServer.class);
    static final String PROBLEM = "application/problem+json";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    private static final Map<Integer, String> TITLES = Map.of(401, "Unauthorized", 403, "Forbidden", 404, "Not Found",
            405, "Method Not Allowed", 500, "Internal Server Error");

    private final AgentRuntime runtime;
    private final AgentMeters meters;
    private final RequestGate gate;
    private final String host;
    private final int port;
    private HttpServer server;

    @Inject
    public AgentHttpServer(AgentRuntime runtime, AgentMeters meters, AccessRules rules, AuthSettings auth,
                           @ConfigProperty(name = "stress.http.host") String host,
                           @ConfigProperty(name = "stress.http.port") int port) {
        this.runtime = runtime;
        this.meters = meters;
        // The agent has no OIDC: API keys are its only credentials.
        ApiKeys keys = ApiKeys.configured(auth, false);
        this.gate = new RequestGate(auth.enabled(), keys, rules, host);
        this.host = host;
        this.port = port;
        if (auth.enabled()) {
            LOG.infof("Access control on: %d API key(s) by role %s", keys.size(), keys.countByRole());
        }
    }

    void onStart(@Observes StartupEvent event) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("stress.http.port (env STRESS_HTTP_PORT): cannot listen on " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
        server.createContext("/", this::answer);
        server.start();
        LOG.infof("Listening on http://%s:%d", host, port());
    }

    void onStop(@Observes @Priority(300) ShutdownEvent event) {
        if (server != null) {
            server.stop(0);
        }
    }

    /** The port it listens on (the one picked when {@code stress.http.port} is 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Optional<RequestGate.Refusal> refusal = gate.check(method, path,
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Host"));
            if (refusal.isPresent()) {
                refusal.get().headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                problem(exchange, refusal.get().status(), refusal.get().detail());
                return;
            }
            route(exchange, method, path);
        } catch (IOException e) {
            LOG.debugf("Answering an HTTP request failed: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Answering %s %s failed", exchange.getRequestMethod(), exchange.getRequestURI());
            try {
                problem(exchange, 500, "the agent could not answer: " + e.getClass().getSimpleName());
            } catch (IOException | RuntimeException ignored) {
                // The response may have started already; the client sees a broken answer.
            }
        }
    }

    private void route(HttpExchange exchange, String method, String path) throws IOException {
        String normalized = AccessRules.normalize(path);
        boolean known = switch (normalized) {
            case "/agent/status", "/q/health", "/q/health/live", "/q/health/ready", "/q/metrics" -> true;
            default -> false;
        };
        if (!known) {
            problem(exchange, 404, "no endpoint " + normalized + " on this agent (GET /agent/status, /q/health, "
                    + "/q/health/live, /q/health/ready, /q/metrics)");
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            problem(exchange, 405, method + " " + normalized + " is not allowed: only GET");
            return;
        }
        boolean head = method.equals("HEAD");
        switch (normalized) {
            case "/agent/status" -> json(exchange, 200, AgentDocuments.status(runtime, controllerStatus()), head);
            case "/q/metrics" -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", meters.scrape(), head);
            default -> health(exchange, normalized, head);
        }
    }

    private void health(HttpExchange exchange, String path, boolean head) throws IOException {
        List<AgentDocuments.Check> checks = switch (path) {
            case "/q/health/live" -> List.of(AgentDocuments.liveness(runtime));
            case "/q/health/ready" -> List.of(AgentDocuments.readiness(runtime));
            default -> List.of(AgentDocuments.liveness(runtime), AgentDocuments.readiness(runtime));
        };
        Map<String, Object> health = AgentDocuments.health(checks);
        json(exchange, "UP".equals(health.get("status")) ? 200 : 503, health, head);
    }

    private Map<String, Object> controllerStatus() {
        return JSON.convertValue(runtime.controller().status(), new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", TITLES.getOrDefault(status, "Error"));
        problem.put("status", status);
        problem.put("detail", detail);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, PROBLEM, encode(problem), exchange.getRequestMethod().equals("HEAD"));
    }

    private static void json(HttpExchange exchange, int status, Object body, boolean head) throws IOException {
        send(exchange, status, "application/json", encode(body), head);
    }

    private static String encode(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the answer: " + e.getOriginalMessage(), e);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body, boolean head)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(bytes.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
