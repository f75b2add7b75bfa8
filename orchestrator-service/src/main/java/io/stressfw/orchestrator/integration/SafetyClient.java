package io.stressfw.orchestrator.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.stressfw.orchestrator.config.SafetyClientSettings;
import io.stressfw.service.Problem;
import io.stressfw.service.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * The orchestrator's one way to call safety-service ({@code stress.safety.url}): JSON both ways, the pre-flight
 * timeout on the connection and on the whole exchange, and the {@code Authorization} the caller chose (the
 * orchestrator's own key, {@link #ownKey()}, or a user's passed on). What an answer means stays with each caller
 * (the pre-flight gate, the breakers, set_thresholds).
 */
@ApplicationScoped
public class SafetyClient {
    private final ObjectMapper mapper;
    private final SafetyClientSettings settings;
    private final HttpClient http;

    @Inject
    public SafetyClient(ObjectMapper mapper, SafetyClientSettings settings) {
        this.mapper = mapper;
        this.settings = settings;
        // HTTP/1.1: over the default's h2c upgrade every call after the first shares one connection, and a call that
        // timed out leaves it to the next (a pre-flight asked again after a time-out then read EOF off it).
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.preflightTimeout()).build();
    }

    /**
     * {@code method path} with {@code json} as the body (null: none); fails when safety does not answer within the
     * pre-flight timeout (plus 200 ms for the client's own) or cannot be reached.
     */
    public Uni<HttpResponse<String>> send(String method, String path, String json, Optional<String> authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.url().replaceAll("/+$", "") + path))
                .timeout(settings.preflightTimeout())
                .header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        authorization.filter(header -> !header.isBlank()).ifPresent(header -> builder.header("Authorization", header));
        HttpRequest request = builder.build();
        Duration timeout = settings.preflightTimeout();
        return Uni.createFrom().deferred(() -> {
            long sent = System.nanoTime();
            return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                    .ifNoItem().after(timeout.plus(Duration.ofMillis(200))).fail()
                    .onFailure().transform(e -> lateFailureAsTimeout(e, System.nanoTime() - sent, timeout));
        });
    }

    /**
     * A call that failed once its time-out had passed failed for want of an answer in time, whatever the client
     * reported: the JDK client cancels a timed-out HTTP/1.1 exchange by closing its connection, and the read on it
     * can fail first, with "connection closed locally", so that the time-out came out as an I/O error (and the
     * pre-flight, which asks again only after a time-out, did not).
     */
    static Throwable lateFailureAsTimeout(Throwable failure, long elapsedNanos, Duration timeout) {
        if (timeOutIn(failure) != null || elapsedNanos < timeout.toNanos()) {
            return failure;
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // No cause: what the caller reports of a failure is its root, and this one's is the time-out.
        return new HttpTimeoutException("no answer within " + timeout.toMillis() + " ms (" + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")");
    }

    /** The time-out in the failure's chain of causes, the client's or Mutiny's; null when there is none. */
    static Throwable timeOutIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpTimeoutException || t instanceof io.smallrye.mutiny.TimeoutException) {
                return t;
            }
        }
        return null;
    }

    /** The orchestrator's own key as a header value ({@code stress.safety.api-key}), if it has one. */
    public Optional<String> ownKey() {
        return settings.apiKey().filter(key -> !key.isBlank()).map(key -> "Bearer " + key);
    }

    /** The body as JSON; null when it is none. */
    public JsonNode json(HttpResponse<String> response) {
        try {
            return mapper.readTree(response.body());
        } catch (Exception e) {
            return null;
        }
    }

    /** 503: safety-service did not answer {@code purpose}. */
    public ProblemException unavailable(String purpose, Throwable failure) {
        return Problem.of(Status.SERVICE_UNAVAILABLE, "safety-service at " + settings.url() + " unavailable for "
                + purpose + " (" + failure.getClass().getSimpleName() + ")").asException();
    }

    public String url() {
        return settings.url();
    }
}
