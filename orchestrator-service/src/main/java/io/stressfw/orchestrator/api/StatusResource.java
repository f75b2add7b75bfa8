package io.stressfw.orchestrator.api;

import io.smallrye.mutiny.Multi;
import io.stressfw.orchestrator.cluster.AgentView;
import io.stressfw.orchestrator.cluster.ClusterState;
import io.stressfw.orchestrator.config.CyclePlans;
import io.stressfw.plan.PhaseSpec;
import io.stressfw.orchestrator.history.CycleHistory;
import io.stressfw.orchestrator.history.CycleHistoryEntry;
import io.stressfw.orchestrator.history.CycleRunReport;
import io.stressfw.orchestrator.live.LiveFeed;
import io.stressfw.orchestrator.live.StatusView;
import io.stressfw.service.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read-only views: status, phases, agents, cycle history and the live stream. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "status", description = "What runs now, what ran, and what is configured")
public class StatusResource {
    @Inject
    StatusView view;
    @Inject
    ClusterState cluster;
    @Inject
    CyclePlans plans;
    @Inject
    CycleHistory history;
    @Inject
    LiveFeed feed;

    @GET
    @Path("status")
    @Operation(summary = "State, current phase and load, phase progress, plan, agents, breakers, safety liveness")
    public Map<String, Object> status() {
        return view.status();
    }

    @GET
    @Path("phases")
    @Operation(summary = "The phases of the cycles file and the adaptive profile")
    public Map<String, Object> phases() {
        List<Map<String, Object>> phases = new ArrayList<>();
        plans.file().phases().forEach((phase, spec) -> phases.add(describe(phase.wireName(), spec)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("source", plans.source());
        answer.put("phases", phases);
        answer.put("adaptive_profile", plans.profile());
        return answer;
    }

    @GET
    @Path("agents")
    @Operation(summary = "Agents heard from (heartbeats) with their generators' target and achieved load")
    public Map<String, Object> agents() {
        List<AgentView> agents = cluster.agents();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("count", agents.size());
        answer.put("agents", agents);
        return answer;
    }

    @GET
    @Path("cycles")
    @Operation(summary = "Cycle history, newest first (summaries from an index kept in memory)")
    public Map<String, Object> cycles() {
        List<Map<String, Object>> list = history.list().stream().map(CycleHistoryEntry::toSummary).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("count", list.size());
        answer.put("cycles", list);
        return answer;
    }

    @GET
    @Path("cycles/{id}")
    @Operation(summary = "One cycle's report: plan, phases as run, target vs achieved, violations, outcome, knee")
    public CycleRunReport cycle(@PathParam("id") String id) {
        return history.get(id).orElseThrow(() ->
                Problem.ofField(Status.NOT_FOUND, "id", "no cycle '" + id + "' in the history").asException());
    }

    @GET
    @Path("metrics/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-Sent Events: every live message (real_time_update, phase_change, safety_event, ...)")
    public Multi<String> stream() {
        return feed.stream();
    }

    private static Map<String, Object> describe(String name, PhaseSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("min_load", spec.minLoad());
        m.put("max_load", spec.maxLoad());
        m.put("target_load", spec.effectiveTarget());
        m.put("duration_seconds", spec.durationSeconds());
        m.put("ramp_up_seconds", spec.rampUpSeconds());
        m.put("ramp_down_seconds", spec.rampDownSeconds());
        m.put("cpu_weight", spec.cpuWeight());
        m.put("memory_weight", spec.memoryWeight());
        m.put("io_weight", spec.ioWeight());
        m.put("network_weight", spec.networkWeight());
        m.put("weights", spec.weights());
        m.put("safety_thresholds", spec.safetyThresholds());
        m.put("adaptive_enabled", spec.adaptive());
        m.put("ramping_strategy", spec.rampingStrategy().wireName());
        return m;
    }
}
