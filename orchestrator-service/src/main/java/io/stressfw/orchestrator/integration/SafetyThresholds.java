package io.stressfw.orchestrator.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.stressfw.service.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's {@code set_thresholds} through the orchestrator (the dashboard's WebSocket command): a flat map of
 * metric to limit, merged by safety-service into the global rules in force ({@code PATCH /safety/thresholds}).
 * safety-service stays the owner of the rules and checks the map; its refusal comes back naming the field. The call
 * goes with the caller's own credentials only (never the orchestrator's key), so safety decides by its roles (admin)
 * whether this caller may change its rules.
 */
@ApplicationScoped
public class SafetyThresholds {
    private final SafetyClient safety;
    private final ObjectMapper mapper;

    @Inject
    public SafetyThresholds(SafetyClient safety, ObjectMapper mapper) {
        this.safety = safety;
        this.mapper = mapper;
    }

    /** The rules in force after the merge, as safety's {@code GET /safety/thresholds} answers them. */
    public Uni<Map<String, Object>> merge(JsonNode flat, Optional<String> authorization) {
        return safety.send("PATCH", "/safety/thresholds", flat.toString(), authorization)
                .onFailure().transform(e -> safety.unavailable("set_thresholds", e))
                .map(this::answer);
    }

    /** {@code Bearer <key>} from a socket URL's {@code access_token=<key>}, if it has one. */
    public static Optional<String> queryToken(String query) {
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("access_token=") && pair.length() > "access_token=".length()) {
                return Optional.of("Bearer " + java.net.URLDecoder.decode(pair.substring("access_token=".length()),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> answer(HttpResponse<String> response) {
        JsonNode body = safety.json(response);
        if (response.statusCode() == 400 && body != null) {
            String field = body.path("field").isTextual() ? body.path("field").asText() : null;
            String detail = body.path("detail").asText("refused by safety-service");
            if (field != null && detail.startsWith(field + ": ")) {
                detail = detail.substring(field.length() + 2);
            }
            throw Problem.ofField(Status.BAD_REQUEST, field, detail).asException();
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw Problem.of(Status.FORBIDDEN, "safety-service refused set_thresholds: "
                    + (body == null ? "HTTP " + response.statusCode() : body.path("detail").asText("it needs admin")))
                    .asException();
        }
        if (response.statusCode() / 100 != 2 || body == null) {
            throw Problem.of(Status.BAD_GATEWAY, "safety-service answered set_thresholds with HTTP "
                    + response.statusCode()).asException();
        }
        return mapper.convertValue(body, Map.class);
    }
}
