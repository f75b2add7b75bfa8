package io.stressfw.stressctl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free port answering with recorded orchestrator responses. Each route plays its responses
 * in order and then repeats the last one, which is how a cycle's GET /status evolves; unknown routes get a 404
 * problem. Every request is recorded for assertions.
 */
final class FakeOrchestrator implements AutoCloseable {

    record Answer(int status, String contentType, String body) {
    }

    record Request(String method, String path, String authorization, String contentType, String body) {
    }

    private final HttpServer server;
    private final Map<String, List<Answer>> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    FakeOrchestrator() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeOrchestrator on(String method, String path, int status, String recording) {
        routes.computeIfAbsent(method + " " + path, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(new Answer(status, recording.startsWith("problem") ? "application/problem+json"
                        : "application/json", recorded(recording)));
        return this;
    }

    FakeOrchestrator onJson(String method, String path, int status, String json) {
        routes.computeIfAbsent(method + " " + path, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(new Answer(status, "application/json", json));
        return this;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> requests(String method, String path) {
        return requests().stream().filter(r -> r.method.equals(method) && r.path.equals(path)).toList();
    }

    static String recorded(String name) {
        try (InputStream in = FakeOrchestrator.class.getResourceAsStream("/recorded/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        String key = method + " " + path;
        List<Answer> answers = routes.get(key);
        Answer answer;
        if (answers == null || answers.isEmpty()) {
            answer = new Answer(404, "application/problem+json",
                    "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no route " + key + "\"}");
        } else {
            int index = calls.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
            answer = answers.get(Math.min(index, answers.size() - 1));
        }
        byte[] bytes = answer.body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType);
        exchange.sendResponseHeaders(answer.status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
