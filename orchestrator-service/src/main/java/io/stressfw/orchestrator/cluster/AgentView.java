package io.stressfw.orchestrator.cluster;

import io.stressfw.model.GeneratorReading;

import java.util.Map;

/** An agent as GET /agents and the dashboard show it: last heartbeat and the generators' latest readings. */
public record AgentView(String id, String host, long lastSeenMs, long startedAtMs, String version,
                        Map<String, GeneratorReading> generators, Map<String, Object> capabilities) {
}
