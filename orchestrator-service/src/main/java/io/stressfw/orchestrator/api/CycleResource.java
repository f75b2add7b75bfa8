package io.stressfw.orchestrator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.stressfw.service.security.ApiKeyRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/** Starting and stopping cycles (the seed's API). Blocking: the handlers take the engine's lock and write history. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cycle", description = "Start, stop and steer stress cycles")
public class CycleResource {
    static final String YAML = "application/yaml";

    @Inject
    ControlActions actions;
    @Inject
    ObjectMapper mapper;
    @Inject
    ApiKeyRegistry access;
    @Inject
    SecurityIdentity identity;

    @POST
    @Path("cycle/start")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a cycle over the named phases",
            description = "Body {\"phases\": [\"light\",\"medium\"], \"override_safety\": false}, or with a plan of "
                    + "its own: {\"plan\": {\"phases\": [...]}} (phases then optional: default all of the plan's). "
                    + "Refused with 503 when safety-service is offline and 409 when its pre-flight finds the system unfit, "
                    + "unless override_safety (admin); running on without safety-service's heartbeat also needs "
                    + "override_safety_watchdog (admin).")
    @RequestBody(description = "phases to run, in order", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            example = "{\"phases\": [\"light\", \"medium\", \"heavy\"], \"override_safety\": false}"))
    @APIResponse(responseCode = "202", description = "cycle started")
    @APIResponse(responseCode = "400", description = "bad input (problem+json naming the field)")
    @APIResponse(responseCode = "403", description = "an override flag without the admin role")
    @APIResponse(responseCode = "409", description = "a cycle is running, or the pre-flight failed")
    @APIResponse(responseCode = "503", description = "safety-service offline or pre-flight unreachable")
    @Blocking
    public Uni<Response> start(String body) {
        return Uni.createFrom().deferred(() -> actions.start(Bodies.parse(mapper, body), body, access.caller(identity)))
                .map(CycleResource::accepted);
    }

    @POST
    @Path("cycle/start")
    @Consumes({YAML, "application/x-yaml", "text/yaml"})
    @Operation(summary = "Start a cycle over a plan sent as YAML",
            description = "The body is a plan in the form of stress_cycles.yaml (the seed's list of phases or the map "
                    + "keyed by phase name). Query: phases=light,medium picks phases of it (default all, in its "
                    + "order), override_safety, override_safety_watchdog (both admin), wait_for_fit, min_agents. A bad plan: 400 problem+json with every "
                    + "problem's line, column and field; nothing starts.")
    @APIResponse(responseCode = "202", description = "cycle started")
    @APIResponse(responseCode = "400", description = "the plan is invalid (problem+json: errors with line and field)")
    @Blocking
    public Uni<Response> startYaml(byte[] body, @QueryParam("phases") String phases,
                                   @QueryParam("override_safety") @DefaultValue("false") boolean overrideSafety,
                                   @QueryParam("override_safety_watchdog") @DefaultValue("false") boolean overrideWatchdog,
                                   @QueryParam("wait_for_fit") Double waitForFit,
                                   @QueryParam("min_agents") Integer minAgents) {
        return Uni.createFrom().deferred(() -> actions.startYaml(body, phases,
                new ControlActions.YamlStartOptions(overrideSafety, overrideWatchdog, waitForFit, minAgents), access.caller(identity)))
                .map(CycleResource::accepted);
    }

    @POST
    @Path("plans/validate")
    @Consumes({MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Operation(summary = "Check a plan without running it (what stressctl validate -f does offline)",
            description = "The body is a plan (YAML or JSON). 200 {valid, phases, planned_duration_seconds}, or 400 "
                    + "problem+json listing every problem with its line, column and field.")
    @APIResponse(responseCode = "200", description = "the plan is valid")
    @APIResponse(responseCode = "400", description = "the plan is invalid")
    public Map<String, Object> validate(byte[] body) {
        return actions.validate(body);
    }

    @POST
    @Path("cycle/quick")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Quick stress test at one load",
            description = "Body {\"target_load\": 50, \"duration\": 60, \"weights\": {\"cpu\": 1, \"memory\": 0.2}}: one "
                    + "phase (the band holding the load) at that load for that many seconds.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            example = "{\"target_load\": 50, \"duration\": 60, \"weights\": {\"cpu\": 1.0, \"memory\": 0.2}}"))
    @APIResponse(responseCode = "202", description = "cycle started")
    @Blocking
    public Uni<Response> quick(String body) {
        return Uni.createFrom().deferred(() -> actions.quick(Bodies.parse(mapper, body), access.caller(identity))).map(CycleResource::accepted);
    }

    @POST
    @Path("cycle/stop")
    @Operation(summary = "Graceful stop: ramp down over the current phase's ramp_down_seconds, then stop the agents")
    @APIResponse(responseCode = "202", description = "ramping down")
    @APIResponse(responseCode = "409", description = "no cycle is running")
    public Response stop() {
        return Response.accepted(actions.stop(null)).build();
    }

    @POST
    @Path("emergency/stop")
    @Operation(summary = "Emergency stop: every generator to zero at once",
            description = "Answers once Kafka acknowledged the emergency stop command; 503 when it did not in time.")
    @APIResponse(responseCode = "200", description = "stop command acknowledged by Kafka")
    @APIResponse(responseCode = "503", description = "not acknowledged in time")
    @Blocking
    public Uni<Map<String, Object>> emergencyStop() {
        return Uni.createFrom().deferred(() -> actions.emergencyStop(null));
    }

    @POST
    @Path("load/adjust")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Override a phase's target load (0-100) in the running cycle",
            description = "Body {\"phase\": \"medium\", \"target_load\": 60.0}")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            example = "{\"phase\": \"medium\", \"target_load\": 60.0}"))
    @APIResponse(responseCode = "200", description = "adjusted")
    @APIResponse(responseCode = "409", description = "no cycle is running")
    public Map<String, Object> adjust(String body) {
        return actions.adjust(Bodies.parse(mapper, body));
    }

    private static Response accepted(Map<String, Object> body) {
        return Response.accepted(body).type(MediaType.APPLICATION_JSON).build();
    }

}
