package io.stressfw.agent.scope;

import io.stressfw.model.Heartbeat;
import io.stressfw.model.ServiceKind;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an agent tells its peers in its heartbeat's capabilities, and how a peer reads it back: the scope it loads
 * (kind and id: the host id, or the host id and cgroup for container scope), whether it loads now, what it generates
 * (CPU cores, memory MB) and, in its very last heartbeat, that it is leaving.
 */
public record PeerState(String agentId, String hostId, LoadScope scope, String scopeId, boolean loading, double cpuCores,
                        double memoryMb, boolean leaving) {
    public static final String HOST_ID = "host_id";
    public static final String SCOPE = "scope";
    public static final String LOAD = "load";
    public static final String LEAVING = "leaving";

    /** The capabilities entries this state announces: {@code host_id}, {@code scope{kind,id}}, {@code load{...}}. */
    public Map<String, Object> capabilities(Map<String, Object> scopeDetails) {
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put(HOST_ID, hostId);
        Map<String, Object> scopeEntry = new LinkedHashMap<>();
        scopeEntry.put("kind", scope.wireName());
        scopeEntry.put("id", scopeId);
        scopeEntry.putAll(scopeDetails);
        caps.put(SCOPE, scopeEntry);
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("loading", loading);
        load.put("cpu_cores", round(cpuCores));
        load.put("memory_mb", round(memoryMb));
        caps.put(LOAD, load);
        if (leaving) {
            caps.put(LEAVING, true);
        }
        return caps;
    }

    /** The state an agent's heartbeat announces; empty for other kinds or for an agent that announces no scope. */
    public static Optional<PeerState> from(Heartbeat heartbeat) {
        if (heartbeat.kind() != ServiceKind.AGENT) {
            return Optional.empty();
        }
        Map<String, Object> caps = heartbeat.capabilities();
        if (!(caps.get(SCOPE) instanceof Map<?, ?> scope) || !(scope.get("id") instanceof String scopeId)
                || !(scope.get("kind") instanceof String kind)) {
            return Optional.empty();
        }
        LoadScope parsed;
        try {
            parsed = LoadScope.parse(kind);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Map<?, ?> load = caps.get(LOAD) instanceof Map<?, ?> m ? m : Map.of();
        String hostId = caps.get(HOST_ID) instanceof String h ? h : heartbeat.host();
        return Optional.of(new PeerState(heartbeat.instanceId(), hostId, parsed, scopeId,
                Boolean.TRUE.equals(load.get("loading")), number(load.get("cpu_cores")), number(load.get("memory_mb")),
                Boolean.TRUE.equals(caps.get(LEAVING))));
    }

    private static double number(Object value) {
        return value instanceof Number n && Double.isFinite(n.doubleValue()) ? Math.max(0, n.doubleValue()) : 0;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
