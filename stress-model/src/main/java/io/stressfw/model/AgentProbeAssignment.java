package io.stressfw.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The probes every load agent runs ({@code run_on: agents}), as the orchestrator announces them in its heartbeat's
 * capabilities under {@value #CAPABILITY}, every second:
 * {@code {"version": 1, "lease_ms": 5000, "probes": {"checkout": {"type": "http", ..., "run_on": "agents"}}}}. Each
 * probe is in its plan form ({@link ProbeSpec#toMap()}) and read back with {@link ProbeSpecParser}, so an agent checks
 * it exactly as a plan file is checked. An agent runs the latest assignment it heard until an orchestrator heartbeat
 * without one, or until {@code lease_ms} passed without any (the orchestrator is gone: nobody judges the samples).
 * {@code version} is the assignment's own format: a reader refuses another one rather than misread it.
 */
public record AgentProbeAssignment(int version, long leaseMs, Map<String, ProbeSpec> probes) {
    public static final String CAPABILITY = "agent_probes";
    public static final int VERSION = 1;
    /** Five orchestrator heartbeats: one or two lost do not stop the probes, a dead orchestrator does soon. */
    public static final long DEFAULT_LEASE_MS = 5_000;

    public AgentProbeAssignment {
        if (version != VERSION) {
            throw new IllegalArgumentException(CAPABILITY + ".version: unsupported version " + version
                    + " (this build reads version " + VERSION + ")");
        }
        Checks.positive(leaseMs, CAPABILITY + ".lease_ms");
        Checks.notNull(probes, CAPABILITY + ".probes");
        probes.forEach((name, spec) -> {
            if (spec.settings().runOn() != ProbeSite.AGENTS) {
                throw new IllegalArgumentException(CAPABILITY + ".probes." + name + ".run_on: must be agents, was "
                        + spec.settings().runOn().wireName());
            }
        });
        probes = Collections.unmodifiableMap(new LinkedHashMap<>(probes));
    }

    /** The probes of a plan that run on the agents (none: an empty assignment). */
    public static AgentProbeAssignment of(Map<String, ProbeSpec> planProbes) {
        Map<String, ProbeSpec> onAgents = new LinkedHashMap<>();
        planProbes.forEach((name, spec) -> {
            if (spec.settings().runOn() == ProbeSite.AGENTS) {
                onAgents.put(name, spec);
            }
        });
        return new AgentProbeAssignment(VERSION, DEFAULT_LEASE_MS, onAgents);
    }

    /** The value of the heartbeat capability. */
    public Map<String, Object> toCapability() {
        Map<String, Object> specs = new LinkedHashMap<>();
        probes.forEach((name, spec) -> specs.put(name, spec.toMap()));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("version", version);
        map.put("lease_ms", leaseMs);
        map.put("probes", specs);
        return map;
    }

    /**
     * The assignment an orchestrator's heartbeat carries; empty for another kind of service, or an orchestrator that
     * assigns none. A capability that cannot be read is refused naming the field.
     */
    public static Optional<AgentProbeAssignment> from(Heartbeat heartbeat) throws MalformedMessageException {
        if (heartbeat.kind() != ServiceKind.ORCHESTRATOR || heartbeat.capabilities().get(CAPABILITY) == null) {
            return Optional.empty();
        }
        try {
            if (!(heartbeat.capabilities().get(CAPABILITY) instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(CAPABILITY + ": must be an object");
            }
            if (!(map.get("version") instanceof Number version) || !(map.get("lease_ms") instanceof Number lease)) {
                throw new IllegalArgumentException(CAPABILITY + ": version and lease_ms must be numbers");
            }
            Map<String, ProbeSpec> probes = ProbeSpecParser.parseAll(map.get("probes"), CAPABILITY + ".probes");
            return Optional.of(new AgentProbeAssignment(version.intValue(), lease.longValue(), probes));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("heartbeat of " + heartbeat.instanceId() + ": " + e.getMessage(), e);
        }
    }
}
