package io.stressfw.service.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stressfw.model.PromqlProbeSpec;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * A {@link PromqlProbeSpec}'s attempt: {@code GET <url>/api/v1/query?query=...} (Prometheus' instant query) and the
 * one number it answers: a scalar, or a vector of exactly one series. No series, several series, NaN or an error
 * answer fail the attempt with the reason, so a rule never judges a made-up value.
 */
public final class PromqlProbeRunner implements ProbeRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PromqlProbeSpec spec;
    private final HttpClient http;
    private final Clock clock;
    private final HttpRequest request;

    public PromqlProbeRunner(PromqlProbeSpec spec, HttpClient http, Clock clock) {
        this.spec = spec;
        this.http = http;
        this.clock = clock;
        String base = spec.url().toString().replaceAll("/+$", "");
        this.request = HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
                        + URLEncoder.encode(spec.query(), StandardCharsets.UTF_8)))
                .timeout(spec.settings().timeout()).header("Accept", "application/json").GET().build();
    }

    @Override
    public ProbeAttempt attempt() {
        return TimedExchange.attempt(http, request, HttpResponse.BodyHandlers.ofByteArray(), clock,
                "query timed out after " + spec.settings().timeout().toMillis() + " ms", (response, elapsed) -> {
                    try {
                        return ProbeAttempt.value(clock.millis(), elapsed, valueOf(response));
                    } catch (IllegalStateException e) {
                        return ProbeAttempt.failed(clock.millis(), elapsed, e.getMessage());
                    }
                });
    }

    /** The query's one value; an {@link IllegalStateException} says why there is none. */
    static double valueOf(HttpResponse<byte[]> response) {
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException("status " + response.statusCode() + ", not a Prometheus answer");
        }
        if (root == null || !"success".equals(root.path("status").asText())) {
            throw new IllegalStateException("prometheus: " + (root == null ? "empty answer"
                    : root.path("errorType").asText("error") + ": " + root.path("error").asText("status " + response.statusCode())));
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        JsonNode sample;
        switch (type) {
            case "scalar" -> sample = data.path("result");
            case "vector" -> {
                JsonNode result = data.path("result");
                if (result.size() != 1) {
                    throw new IllegalStateException(result.isEmpty() ? "query returned no series"
                            : "query returned " + result.size() + " series; aggregate them to one (sum, max, ...)");
                }
                sample = result.get(0).path("value");
            }
            default -> throw new IllegalStateException("query returned a " + type + "; a probe needs a scalar or one series");
        }
        double value;
        try {
            value = Double.parseDouble(sample.path(1).asText());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("query returned '" + sample.path(1).asText() + "', not a number");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalStateException("query returned " + sample.path(1).asText());
        }
        return value;
    }
}
