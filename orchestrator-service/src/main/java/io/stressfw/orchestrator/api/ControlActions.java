package io.stressfw.orchestrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.stressfw.model.LoadAdjustedDetails;
import io.stressfw.model.Phase;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.StopCommand;
import io.stressfw.orchestrator.config.CyclePlans;
import io.stressfw.orchestrator.probe.ProbeReadings;
import io.stressfw.orchestrator.slo.SteadyStateCheck;
import io.stressfw.orchestrator.config.CycleSettings;
import io.stressfw.plan.PhaseSpec;
import io.stressfw.model.AbortedBy;
import io.stressfw.orchestrator.cycle.CycleConflictException;
import io.stressfw.orchestrator.cycle.CycleEvent;
import io.stressfw.orchestrator.cycle.CycleService;
import io.stressfw.orchestrator.cycle.EngineSnapshot;
import io.stressfw.orchestrator.cycle.PhasePlan;
import io.stressfw.orchestrator.cycle.PlanOrigin;
import io.stressfw.orchestrator.cycle.SafetyOverride;
import io.stressfw.orchestrator.integration.SafetyGate;
import io.stressfw.model.RampingStrategy;
import io.stressfw.service.Problem;
import io.stressfw.service.ProblemException;
import io.stressfw.service.security.Caller;
import io.stressfw.service.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The operations both REST and the WebSocket offer, with the same validation and the same answers. */
@ApplicationScoped
public class ControlActions {
    /** A quick test may run at most a day. */
    static final double MAX_QUICK_DURATION_SECONDS = 86_400;
    /** A start may wait for fit at most an hour. */
    static final double MAX_WAIT_FOR_FIT_SECONDS = 3_600;

    private final CycleService cycles;
    private final CyclePlans plans;
    private final SafetyGate gate;
    private final CycleSettings settings;

    private final ProbeReadings probes;

    @Inject
    public ControlActions(CycleService cycles, CyclePlans plans, SafetyGate gate, CycleSettings settings,
                          ProbeReadings probes) {
        this.probes = probes;
        this.cycles = cycles;
        this.plans = plans;
        this.gate = gate;
        this.settings = settings;
    }

    /** A start whose body is given as a JSON tree only (the WebSocket): lines count in its compact text. */
    public Uni<Map<String, Object>> start(JsonNode body, Caller caller) {
        return start(body, body == null ? null : body.toString(), caller);
    }

    /**
     * {"phases"?: [...], "plan"?: {a plan: phases, thresholds, weights, ramping, adaptive_profile, agents, probes,
     * slo} or the plan's YAML as one string, "override_safety"?: bool, "override_safety_watchdog"?: bool,
     * "wait_for_fit"?: seconds, "min_agents"?: n}; overrides need admin. Without a plan, {@code phases} names phases
     * of the configured file (required); with one, phases of that plan (default: all, in the plan's order).
     * {@code text} is the body as sent, so that a plan's problems name their line in it.
     */
    public Uni<Map<String, Object>> start(JsonNode body, String text, Caller caller) {
        Bodies.object(body);
        Bodies.only(body, "phases", "plan", "override_safety", "override_safety_watchdog", "wait_for_fit", "min_agents");
        SafetyOverride override = safetyOverride(body, caller);
        GateOptions options = gateOptions(body);
        JsonNode planNode = body.get("plan");
        if (planNode == null || planNode.isNull()) {
            List<Phase> phases = Bodies.phases(body, "phases", plans.file().phases().keySet(), plans.source());
            return startPlan(plans.plan(phases), override, options, PlanOrigin.configured(plans.file()));
        }
        InlinePlans.Chosen chosen = InlinePlans.fromBody(body, text, plans);
        return startPlan(chosen.phases(), override, options, chosen.origin());
    }

    /** A start's options given beside a YAML plan (as query parameters). */
    public record YamlStartOptions(boolean overrideSafety, boolean overrideWatchdog, Double waitForFit, Integer minAgents) {
    }

    /**
     * A plan sent as YAML text (Content-Type: application/yaml); the start's options come as query parameters.
     * {@code phases} (comma-separated) picks phases of the plan; default all, in the plan's order.
     */
    public Uni<Map<String, Object>> startYaml(byte[] body, String phaseNames, YamlStartOptions options, Caller caller) {
        ObjectNode flags = JsonNodeFactory.instance.objectNode();
        flags.put("override_safety", options.overrideSafety());
        flags.put("override_safety_watchdog", options.overrideWatchdog());
        if (options.waitForFit() != null) {
            flags.put("wait_for_fit", options.waitForFit());
        }
        if (options.minAgents() != null) {
            flags.put("min_agents", options.minAgents());
        }
        SafetyOverride override = safetyOverride(flags, caller);
        InlinePlans.Chosen chosen = InlinePlans.fromYaml(body, phaseNames, plans);
        return startPlan(chosen.phases(), override, gateOptions(flags), chosen.origin());
    }

    /** The check {@code stressctl validate} makes offline: every problem, or what the plan would run. */
    public Map<String, Object> validate(byte[] body) {
        return InlinePlans.validate(body);
    }

    /**
     * {"target_load", "duration", optional "weights": {cpu, memory, io, network}, "override_safety",
     * "override_safety_watchdog", "wait_for_fit", "min_agents"}; overrides need admin.
     */
    public Uni<Map<String, Object>> quick(JsonNode body, Caller caller) {
        Bodies.object(body);
        Bodies.only(body, "target_load", "duration", "weights", "override_safety", "override_safety_watchdog",
                "ramp_up_seconds", "ramp_down_seconds", "wait_for_fit", "min_agents");
        double target = Bodies.number(body, "target_load", 0, 100);
        double duration = Bodies.number(body, "duration", 0.001, MAX_QUICK_DURATION_SECONDS);
        Phase phase = bandOf(target);
        PhaseSpec base = plans.file().spec(phase);
        ResourceWeights weights = base != null ? base.weights() : ResourceWeights.CPU_ONLY;
        JsonNode w = body.get("weights");
        if (w != null && !w.isNull()) {
            if (!w.isObject()) {
                throw Bodies.bad("weights", "must be an object {cpu, memory, io, network}");
            }
            Bodies.only(w, "cpu", "memory", "io", "network");
            weights = new ResourceWeights(
                    weight(w, "cpu", weights.cpu()),
                    weight(w, "memory", weights.memory()),
                    weight(w, "io", weights.io()),
                    weight(w, "network", weights.network()));
        }
        Double rampUp = Bodies.optionalNumber(body, "ramp_up_seconds", 0, MAX_QUICK_DURATION_SECONDS);
        Double rampDown = Bodies.optionalNumber(body, "ramp_down_seconds", 0, MAX_QUICK_DURATION_SECONDS);
        PhaseSpec spec = PhaseSpec.builder()
                .minLoad(Math.min(phase.minLoadPercent(), target))
                .maxLoad(Math.max(phase.maxLoadPercent(), target))
                .targetLoad(target)
                .durationSeconds(duration)
                .rampUpSeconds(rampUp != null ? rampUp : base != null ? base.rampUpSeconds() : 0)
                .rampDownSeconds(rampDown != null ? rampDown : base != null ? base.rampDownSeconds() : 0)
                .weights(weights)
                .safetyThresholds(base != null ? base.safetyThresholds() : Map.of())
                .rampingStrategy(base == null || base.rampingStrategy() == RampingStrategy.ADAPTIVE
                        ? RampingStrategy.LINEAR : base.rampingStrategy())
                .build();
        return startPlan(List.of(new PhasePlan(phase, spec)), safetyOverride(body, caller), gateOptions(body),
                PlanOrigin.configured(plans.file()));
    }

    /**
     * The start's safety overrides. Either flag lets load run past the safety interlock, so it needs admin even
     * where the start itself needs only operator; the answer names the flag and the role it needs.
     */
    static SafetyOverride safetyOverride(JsonNode body, Caller caller) {
        boolean checks = Bodies.flag(body, "override_safety");
        boolean watchdog = Bodies.flag(body, "override_safety_watchdog");
        if ((checks || watchdog) && !caller.has(Role.ADMIN)) {
            String field = checks ? "override_safety" : "override_safety_watchdog";
            throw Problem.ofField(Status.FORBIDDEN, field, caller.role().map(r -> "role '" + r.wireName() + "'")
                    .orElse("a caller without a stress role") + " may not set " + field + ": it needs admin").asException();
        }
        return new SafetyOverride(checks, watchdog, checks || watchdog ? caller.describe() : null);
    }

    /** How long to wait for fit (seconds, default 0) and how many agents must be present (default from config). */
    private record GateOptions(Duration waitForFit, int minAgents) {
    }

    private GateOptions gateOptions(JsonNode body) {
        Double wait = Bodies.optionalNumber(body, "wait_for_fit", 0, MAX_WAIT_FOR_FIT_SECONDS);
        Double minAgents = Bodies.optionalNumber(body, "min_agents", 1, 10_000);
        if (minAgents != null && minAgents != Math.rint(minAgents)) {
            throw Bodies.bad("min_agents", "must be a whole number, was " + minAgents);
        }
        return new GateOptions(wait == null ? Duration.ZERO : Duration.ofMillis(Math.round(wait * 1000)),
                minAgents == null ? settings.minAgents() : minAgents.intValue());
    }

    public Map<String, Object> stop(String reason) {
        String cycleId = cycles.snapshot() == null ? null : cycles.snapshot().cycleId();
        if (!cycles.stop(AbortedBy.OPERATOR, reason == null ? "operator requested a graceful stop" : reason)) {
            throw Problem.of(Status.CONFLICT, "no cycle is running").asException();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("cycle_id", cycleId);
        answer.put("state", "stopping");
        answer.put("message", "ramping down, then a graceful stop command");
        return answer;
    }

    public Uni<Map<String, Object>> emergencyStop(String reason) {
        return cycles.emergencyStop(AbortedBy.OPERATOR, reason == null ? "operator emergency stop" : reason)
                .ifNoItem().after(settings.emergencyAckTimeout()).fail()
                .onFailure().transform(e -> e instanceof ProblemException ? e : Problem.of(Status.SERVICE_UNAVAILABLE,
                        "emergency stop command not acknowledged by Kafka within " + settings.emergencyAckTimeout().toMillis()
                                + " ms (" + e.getClass().getSimpleName() + "); agents still stop when their lease expires")
                        .asException())
                .map(ControlActions::stopAnswer);
    }

    /** {"phase", "target_load"}. */
    public Map<String, Object> adjust(JsonNode body) {
        Bodies.object(body);
        Bodies.only(body, "phase", "target_load");
        Phase phase = Bodies.phase(body.get("phase"), "phase", plans.file().phases().keySet(), plans.source());
        double target = Bodies.number(body, "target_load", 0, 100);
        List<CycleEvent> events;
        try {
            events = cycles.adjust(phase, target);
        } catch (CycleConflictException e) {
            throw Problem.of(Status.CONFLICT, e.getMessage()).asException();
        } catch (IllegalArgumentException e) {
            throw Bodies.bad("phase", e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("cycle_id", cycles.snapshot().cycleId());
        answer.put("phase", phase.wireName());
        answer.put("target_load", target);
        answer.put("previous_target_load", events.isEmpty() ? null
                : events.get(0).details(LoadAdjustedDetails.class).previousTargetLoadPercent());
        return answer;
    }

    private Uni<Map<String, Object>> startPlan(List<PhasePlan> plan, SafetyOverride override, GateOptions options,
                                               PlanOrigin origin) {
        if (cycles.running()) {
            return Uni.createFrom().failure(conflict());
        }
        List<String> unsteady = SteadyStateCheck.failures(origin.probes(), origin.slo(), probes.byProbe());
        if (!unsteady.isEmpty()) {
            return Uni.createFrom().failure(Problem.of(Status.CONFLICT, "steady state not met, the service is not "
                    + "healthy before any load: " + String.join("; ", unsteady)).asException());
        }
        return gate.check(override, plan, options.waitForFit(), options.minAgents()).map(passed -> {
            EngineSnapshot snapshot;
            try {
                snapshot = cycles.start(plan, override, origin);
            } catch (CycleConflictException e) {
                throw conflict();
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("cycle_id", snapshot.cycleId());
            answer.put("state", snapshot.state().wireName());
            answer.put("phases", plan.stream().map(p -> p.phase().wireName()).toList());
            answer.put("current_phase", snapshot.phase().wireName());
            answer.put("override_safety", override.checks());
            answer.put("override_safety_watchdog", override.watchdog());
            if (override.any()) {
                answer.put("override_safety_by", override.by());
            }
            answer.put("plan_source", origin.source());
            answer.put("status_url", "/status");
            answer.put("report_url", "/cycles/" + snapshot.cycleId());
            answer.put("preflight", passed.preflight());
            answer.put("warnings", passed.warnings());
            return answer;
        });
    }

    private ProblemException conflict() {
        return StartConflict.of(cycles.snapshot()).asException();
    }

    static Phase bandOf(double target) {
        for (Phase phase : Phase.values()) {
            if (target <= phase.maxLoadPercent()) {
                return phase;
            }
        }
        return Phase.CHAOS;
    }

    private static double weight(JsonNode weights, String name, double fallback) {
        JsonNode node = weights.get(name);
        return node == null || node.isNull() ? fallback : Bodies.value(node, "weights." + name, 0, 1);
    }

    private static Map<String, Object> stopAnswer(StopCommand stop) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("stopped", true);
        answer.put("acknowledged", true);
        answer.put("command_id", stop.commandId());
        answer.put("cycle_id", stop.cycleId());
        answer.put("mode", stop.mode().wireName());
        answer.put("issued_at_ms", stop.issuedAtMs());
        return answer;
    }
}
