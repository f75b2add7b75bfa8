package io.stressfw.orchestrator.integration;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.stressfw.service.Problem;
import io.stressfw.service.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * safety-service's circuit breakers through the orchestrator: list them (with when each OPEN one half-opens) and
 * reset one or every one that is not CLOSED, so that an operator, {@code stressctl breakers} and the dashboard need
 * one address. safety-service stays the owner: every call goes to it. When safety-service checks API keys, a list
 * goes with the orchestrator's own key ({@code stress.safety.api-key}, a viewer's); a reset goes with the caller's
 * own credentials, so that safety decides, by the same roles, whether this caller may reset (admin): the
 * orchestrator's key is never enough for it.
 */
@ApplicationScoped
public class SafetyBreakers {
    private final SafetyClient safety;

    @Inject
    public SafetyBreakers(SafetyClient safety) {
        this.safety = safety;
    }

    /** GET /safety/breakers: every breaker safety knows. */
    public Uni<JsonNode> list() {
        return call("GET", "/safety/breakers", Optional.empty());
    }

    /**
     * POST /safety/breakers/{id}/reset: the breaker, CLOSED; 404 when safety knows no such breaker. {@code authorization}
     * is the caller's own {@code Authorization} header, passed on (empty: the orchestrator's key, if any).
     */
    public Uni<JsonNode> reset(String breakerId, Optional<String> authorization) {
        return call("POST", "/safety/breakers/" + URLEncoder.encode(breakerId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/reset", authorization);
    }

    /** Resets every breaker that is not CLOSED, one after the other; answers the breakers reset. */
    public Uni<List<JsonNode>> resetAll(Optional<String> authorization) {
        return list().onItem().transformToUni(breakers -> {
            List<String> ids = new ArrayList<>();
            breakers.forEach(b -> {
                if (!"closed".equals(b.path("state").asText())) {
                    ids.add(b.path("breaker_id").asText());
                }
            });
            return Multi.createFrom().iterable(ids).onItem().transformToUniAndConcatenate(id -> reset(id, authorization)).collect().asList();
        });
    }

    private Uni<JsonNode> call(String method, String path, Optional<String> authorization) {
        return safety.send(method, path, null, authorization.filter(header -> !header.isBlank()).or(safety::ownKey))
                .onFailure().transform(e -> safety.unavailable(method + " " + path, e))
                .map(response -> answer(method + " " + path, response));
    }

    private JsonNode answer(String call, HttpResponse<String> response) {
        JsonNode body = safety.json(response);
        if (response.statusCode() == 404 && body != null) {
            throw new ProblemException(Problem.ofField(Status.NOT_FOUND, "id", body.path("detail").asText("no such breaker")));
        }
        if ((response.statusCode() == 401 || response.statusCode() == 403) && body != null) {
            throw Problem.of(Status.FORBIDDEN, "safety-service refused " + call + ": "
                    + body.path("detail").asText("HTTP " + response.statusCode())).asException();
        }
        if (response.statusCode() / 100 != 2 || body == null) {
            throw Problem.of(Status.BAD_GATEWAY, "safety-service answered " + call + " with HTTP " + response.statusCode())
                    .asException();
        }
        return body;
    }
}
