package io.stressfw.orchestrator.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.stressfw.orchestrator.config.SafetyClientSettings;
import io.stressfw.service.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The seed's {@code set_thresholds} through the orchestrator (the dashboard's WebSocket command): a flat map of
 * metric to limit, merged by safety-service into the global rules in force ({@code PATCH /safety/thresholds}).
 * safety-service stays the owner of the rules and checks the map; its refusal comes back naming the field.
 */
@ApplicationScoped
public class SafetyThresholds {
    private final ObjectMapper mapper;
    private final SafetyClientSettings settings;
    private final HttpClient http;

    @Inject
    public SafetyThresholds(ObjectMapper mapper, SafetyClientSettings settings) {
        this.mapper = mapper;
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.preflightTimeout()).build();
    }

    /** The rules in force after the merge, as safety's {@code GET /safety/thresholds} answers them. */
    public Uni<Map<String, Object>> merge(JsonNode flat) {
        String url = settings.url().replaceAll("/+$", "") + "/safety/thresholds";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(settings.preflightTimeout())
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(flat.toString())).build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .ifNoItem().after(settings.preflightTimeout().plus(Duration.ofMillis(200))).fail()
                .onFailure().transform(e -> Problem.of(Status.SERVICE_UNAVAILABLE, "safety-service at " + settings.url()
                        + " unavailable for set_thresholds (" + e.getClass().getSimpleName() + ")").asException())
                .map(this::answer);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> answer(HttpResponse<String> response) {
        JsonNode body;
        try {
            body = mapper.readTree(response.body());
        } catch (Exception e) {
            body = null;
        }
        if (response.statusCode() == 400 && body != null) {
            String field = body.path("field").isTextual() ? body.path("field").asText() : null;
            String detail = body.path("detail").asText("refused by safety-service");
            if (field != null && detail.startsWith(field + ": ")) {
                detail = detail.substring(field.length() + 2);
            }
            throw Problem.ofField(Status.BAD_REQUEST, field, detail).asException();
        }
        if (response.statusCode() / 100 != 2 || body == null) {
            throw Problem.of(Status.BAD_GATEWAY, "safety-service answered set_thresholds with HTTP "
                    + response.statusCode()).asException();
        }
        return mapper.convertValue(body, Map.class);
    }
}
