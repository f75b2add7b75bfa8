package io.stressfw.stressctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/** Blocking JSON client of the orchestrator's REST API (java.net.http, one instance per command run). */
public final class OrchestratorClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final URI baseUri;
    private final String token;
    private final HttpClient http;

    public OrchestratorClient(String baseUrl, String token) {
        this.baseUri = parseBaseUrl(baseUrl);
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static URI parseBaseUrl(String baseUrl) {
        Objects.requireNonNull(baseUrl, "url");
        String trimmed = baseUrl.strip().replaceAll("/+$", "");
        try {
            URI uri = new URI(trimmed);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("--url must be an http(s) URL like http://localhost:8000, got '"
                        + baseUrl + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url is not a valid URL: '" + baseUrl + "'", e);
        }
    }

    public URI baseUri() {
        return baseUri;
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private JsonNode send(String method, String path, JsonNode body) {
        String request = method + " " + path;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUri + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/problem+json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new OrchestratorException(request + " failed: cannot connect to the orchestrator at " + baseUri
                    + " (is it running? set --url or STRESS_URL)", e);
        } catch (HttpTimeoutException e) {
            throw new OrchestratorException(request + " failed: no answer from " + baseUri + " within "
                    + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new OrchestratorException(request + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrchestratorException(request + " interrupted", e);
        }
        JsonNode parsed = parse(response.body());
        if (response.statusCode() >= 400) {
            long retryAfter = response.headers().firstValue("Retry-After").map(OrchestratorClient::seconds).orElse(0L);
            throw OrchestratorException.fromAnswer(request, response.statusCode(), parsed, response.body(), retryAfter);
        }
        if (parsed == null && !response.body().isBlank()) {
            throw new OrchestratorException(request + " failed: the answer is not JSON: "
                    + abbreviate(response.body()), response.statusCode());
        }
        return parsed == null ? JSON.createObjectNode() : parsed;
    }

    private static long seconds(String header) {
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String abbreviate(String body) {
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 197) + "..." : flat;
    }
}
