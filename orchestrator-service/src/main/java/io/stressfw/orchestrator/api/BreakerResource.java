package io.stressfw.orchestrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.stressfw.orchestrator.integration.SafetyBreakers;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * safety-service's circuit breakers, listed and reset through the orchestrator (viewers list; resetting needs the
 * admin role when access control is on). A reset carries the caller's own credentials on to safety-service, which
 * checks them by the same roles.
 */
@Path("/breakers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "breakers", description = "safety-service's circuit breakers: list and reset")
public class BreakerResource {
    @Inject
    SafetyBreakers breakers;

    @GET
    @Operation(summary = "Every breaker: state, since when, open until (OPEN), trips, the cycle it opened in")
    @APIResponse(responseCode = "503", description = "safety-service unreachable")
    public Uni<Map<String, Object>> list() {
        return breakers.list().map(list -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("count", list.size());
            answer.put("breakers", list);
            return answer;
        });
    }

    @POST
    @Path("{id}/reset")
    @Operation(summary = "Close one breaker (admin)")
    @APIResponse(responseCode = "404", description = "no such breaker")
    public Uni<JsonNode> reset(@PathParam("id") String id, @HeaderParam("Authorization") String authorization) {
        return breakers.reset(id, Optional.ofNullable(authorization));
    }

    @POST
    @Path("reset")
    @Operation(summary = "Close every breaker that is not closed (admin)")
    public Uni<Map<String, Object>> resetAll(@HeaderParam("Authorization") String authorization) {
        return breakers.resetAll(Optional.ofNullable(authorization)).map(BreakerResource::resetAnswer);
    }

    private static Map<String, Object> resetAnswer(List<JsonNode> reset) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("count", reset.size());
        answer.put("reset", reset);
        return answer;
    }
}
