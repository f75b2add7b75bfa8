package io.stressfw.safety.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.stressfw.model.Phase;
import io.stressfw.model.Violation;
import io.stressfw.safety.GlobalRuleSet;
import io.stressfw.safety.SafetyService;
import io.stressfw.safety.breaker.BreakerView;
import io.stressfw.safety.engine.SafetyEngine;
import io.stressfw.safety.kafka.SamplesReplayBoundary;
import io.stressfw.safety.preflight.PreflightPhase;
import io.stressfw.safety.rule.GlobalOverride;
import io.stressfw.model.Durations;
import io.stressfw.safety.rule.RuleFormatException;
import io.stressfw.safety.rule.RuleParser;
import io.stressfw.safety.rule.ThresholdMerge;
import io.stressfw.safety.rule.ThresholdRule;
import io.stressfw.safety.store.RuleSetOrigin;
import io.stressfw.service.Problem;
import io.stressfw.service.security.ApiKeyRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safety REST API: thresholds, violations, breakers, sources and the pre-flight check. Who may call what is
 * {@link SafetyAccessRules}; a change of the global rules is kept on disk and names who made it ({@link GlobalRuleSet}).
 */
@Path("/safety")
@Produces(MediaType.APPLICATION_JSON)
public class SafetyResource {
    private static final int MAX_VIOLATIONS = 1000;

    private final SafetyService safety;
    private final SafetyEngine engine;
    private final GlobalRuleSet ruleSet;
    private final ObjectMapper mapper;
    private final SamplesReplayBoundary replay;
    private final ApiKeyRegistry access;
    private final SecurityIdentity identity;

    @Inject
    public SafetyResource(SafetyService safety, GlobalRuleSet ruleSet, ObjectMapper mapper, SamplesReplayBoundary replay,
                          ApiKeyRegistry access, SecurityIdentity identity) {
        this.safety = safety;
        this.engine = safety.engine();
        this.ruleSet = ruleSet;
        this.mapper = mapper;
        this.replay = replay;
        this.access = access;
        this.identity = identity;
    }

    @GET
    @Path("/thresholds")
    public Map<String, Object> thresholds() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rules", engine.globalRules().stream().map(RuleParser::toMap).toList());
        body.put("phase_rules", engine.phaseRules().stream().map(RuleParser::toMap).toList());
        body.put("overrides", engine.overrides().stream().map(SafetyResource::override).toList());
        Map<String, Object> stale = new LinkedHashMap<>();
        stale.put("gap", Durations.format(engine.settings().staleGap()));
        stale.put("action", engine.settings().staleAction().wireName());
        body.put("stale", stale);
        Map<String, Object> cycle = new LinkedHashMap<>();
        cycle.put("running", engine.cycleRunning());
        cycle.put("cycle_id", engine.cycleId());
        Phase phase = engine.phase();
        cycle.put("phase", phase == null ? null : phase.wireName());
        body.put("cycle", cycle);
        body.put("status", engine.ruleStatuses());
        body.put("rule_set", ruleSet.origin());
        return body;
    }

    private static Map<String, Object> override(GlobalOverride override) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("phase", override.phase());
        map.put("global_rule", override.global().id());
        map.put("phase_rule", override.replacement().id());
        map.put("message", override.describe());
        return map;
    }

    /**
     * Every source heard recently: when, how long silent, and its clock skew against this service (with a warning past
     * {@code clock-skew-warning}); and where live samples start in each partition this instance consumes.
     */
    @GET
    @Path("/sources")
    public Map<String, Object> sources() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clock_skew_warning_ms", engine.settings().clockSkewWarning().toMillis());
        body.put("sources", engine.sources());
        List<Map<String, Object>> partitions = new ArrayList<>();
        replay.liveFromOffsets().forEach((partition, offset) -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("partition", partition);
            p.put("live_from_offset", offset);
            partitions.add(p);
        });
        body.put("samples_partitions", partitions);
        return body;
    }

    /**
     * Replaces the global rule set (admin); the body is {@code {"rules": [...]}} in the form GET answers. The new set
     * is kept on disk first and survives a restart; if it cannot be kept, nothing changes (500 problem). The seed's
     * flat map ({@code {"cpu_usage": 85.0, "memory_usage": 90.0}}) is merged into the rules in force instead.
     */
    @PUT
    @Path("/thresholds")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> replaceThresholds(Map<String, Object> body) {
        if (body == null) {
            throw Problem.ofField(Response.Status.BAD_REQUEST, "rules", "is required").asException();
        }
        if (!body.isEmpty() && !body.containsKey("rules")) {
            return mergeThresholds(body);
        }
        List<ThresholdRule> rules;
        try {
            rules = RuleParser.parseList(body.get("rules"), "rules");
        } catch (RuleFormatException e) {
            throw Problem.ofField(Response.Status.BAD_REQUEST, e.field(), e.reason()).asException();
        } catch (IllegalArgumentException e) {
            throw Problem.ofField(Response.Status.BAD_REQUEST, "rules", e.getMessage()).asException();
        }
        try {
            ruleSet.replace(engine, rules, access.caller(identity).describe());
        } catch (IllegalArgumentException e) {
            throw Problem.ofField(Response.Status.BAD_REQUEST, "rules", e.getMessage()).asException();
        } catch (UncheckedIOException e) {
            throw Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "rules not changed: " + e.getMessage()).asException();
        }
        return thresholds();
    }

    /** Back to the configured global rules (admin), now and after a restart: the stored run-time set is removed. */
    @DELETE
    @Path("/thresholds")
    public Map<String, Object> restoreConfiguredThresholds() {
        try {
            ruleSet.restoreConfigured(engine, access.caller(identity).describe());
        } catch (UncheckedIOException e) {
            throw Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "rules not restored: " + e.getMessage()).asException();
        }
        return thresholds();
    }

    /**
     * The seed's {@code set_thresholds} (admin): a flat map of metric to limit (or threshold) merged into the rules in
     * force, kept on disk like a replacement (the merge and the write hold the rule set's lock, so two merges never
     * lose one another's change).
     */
    @PATCH
    @Path("/thresholds")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> mergeThresholds(Map<String, Object> body) {
        try {
            synchronized (ruleSet) {
                ruleSet.replace(engine, ThresholdMerge.merge(engine.globalRules(), body), access.caller(identity).describe());
            }
        } catch (RuleFormatException e) {
            throw Problem.ofField(Response.Status.BAD_REQUEST, e.field(), e.reason()).asException();
        } catch (IllegalArgumentException e) {
            throw Problem.ofField(Response.Status.BAD_REQUEST, null, e.getMessage()).asException();
        } catch (UncheckedIOException e) {
            throw Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "rules not changed: " + e.getMessage()).asException();
        }
        return thresholds();
    }

    @GET
    @Path("/violations")
    public List<Violation> violations(@QueryParam("limit") String limit) {
        int n = 100;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw Problem.ofField(Response.Status.BAD_REQUEST, "limit", "'" + limit + "' is not an integer").asException();
            }
            if (n < 1 || n > MAX_VIOLATIONS) {
                throw Problem.ofField(Response.Status.BAD_REQUEST, "limit", "must be between 1 and " + MAX_VIOLATIONS).asException();
            }
        }
        return engine.recentViolations(n);
    }

    @GET
    @Path("/breakers")
    public List<BreakerView> breakers() {
        return engine.breakers();
    }

    @POST
    @Path("/breakers/{id}/reset")
    public BreakerView reset(@PathParam("id") String id) {
        SafetyEngine.ResetResult result = engine.resetBreaker(id);
        if (result == null) {
            throw Problem.ofField(Response.Status.NOT_FOUND, "id", "no breaker '" + id + "'").asException();
        }
        safety.publish(result.output());
        return result.breaker();
    }

    /**
     * Body optional: {@code {"hosts": ["h1"], "phases": ["heavy", {"phase": "chaos", "max_load": 100, "cpu_weight": 1,
     * "safety_thresholds": {...}}]}}. The answer also says which global rule set the checks used ({@code rule_set}:
     * configured, or changed at run time by whom and when).
     */
    @POST
    @Path("/preflight")
    public PreflightAnswer preflight(String body) {
        Map<String, Object> request = parseOptionalBody(body);
        List<String> hosts = new ArrayList<>();
        Object hostsValue = request.get("hosts");
        if (hostsValue != null) {
            if (!(hostsValue instanceof List<?> list)) {
                throw Problem.ofField(Response.Status.BAD_REQUEST, "hosts", "must be a list of host names").asException();
            }
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String host) || host.isBlank()) {
                    throw Problem.ofField(Response.Status.BAD_REQUEST, "hosts[" + i + "]", "must be a non-blank host name").asException();
                }
                hosts.add(host.trim());
            }
        }
        RuleSetOrigin origin = ruleSet.origin();
        return new PreflightAnswer(engine.preflight(hosts, plannedPhases(request.get("phases"))), origin);
    }

    /** The pre-flight body is optional, so any content type (or none) is accepted. */
    private Map<String, Object> parseOptionalBody(String body) {
        if (body == null || body.isBlank()) {
            return Map.of();
        }
        try {
            Object parsed = mapper.readValue(body, Object.class);
            if (parsed == null) {
                return Map.of();
            }
            if (!(parsed instanceof Map<?, ?> map)) {
                throw Problem.ofField(Response.Status.BAD_REQUEST, null, "the body must be a JSON object").asException();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> request = (Map<String, Object>) map;
            return request;
        } catch (JsonProcessingException e) {
            throw Problem.ofField(Response.Status.BAD_REQUEST, null, "malformed JSON: " + e.getOriginalMessage()).asException();
        }
    }

    private static List<PreflightPhase> plannedPhases(Object phases) {
        if (phases == null) {
            return List.of();
        }
        if (!(phases instanceof List<?> list)) {
            throw Problem.ofField(Response.Status.BAD_REQUEST, "phases", "must be a list of phase names or phase objects").asException();
        }
        List<PreflightPhase> planned = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "phases[" + i + "]";
            Object item = list.get(i);
            try {
                if (item instanceof String name) {
                    planned.add(new PreflightPhase(Phase.fromWire(name).wireName(), null, List.of()));
                } else if (item instanceof Map<?, ?> map) {
                    Object name = map.get("phase") != null ? map.get("phase") : map.get("name");
                    String phase = name == null ? "planned" + i : Phase.fromWire(String.valueOf(name)).wireName();
                    Double maxLoad = percent(map.get("max_load"), field + ".max_load");
                    Double cpuWeight = map.get("cpu_weight") == null ? 1.0 : fraction(map.get("cpu_weight"), field + ".cpu_weight");
                    planned.add(new PreflightPhase(phase, maxLoad == null ? null : maxLoad * cpuWeight,
                            RuleParser.parsePhaseThresholds(map.get("safety_thresholds"), phase, field + ".safety_thresholds")));
                } else {
                    throw Problem.ofField(Response.Status.BAD_REQUEST, field, "must be a phase name or a phase object").asException();
                }
            } catch (RuleFormatException e) {
                throw Problem.ofField(Response.Status.BAD_REQUEST, e.field(), e.reason()).asException();
            } catch (IllegalArgumentException e) {
                throw Problem.ofField(Response.Status.BAD_REQUEST, field, e.getMessage()).asException();
            }
        }
        return planned;
    }

    private static Double percent(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= 100)) {
            throw Problem.ofField(Response.Status.BAD_REQUEST, field, "must be a number between 0 and 100, was " + value).asException();
        }
        return n.doubleValue();
    }

    private static double fraction(Object value, String field) {
        if (!(value instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= 1)) {
            throw Problem.ofField(Response.Status.BAD_REQUEST, field, "must be a number between 0 and 1, was " + value).asException();
        }
        return n.doubleValue();
    }
}
