package io.stressfw.agent.http;

import io.stressfw.agent.AgentRuntime;
import io.stressfw.agent.control.AgentController;
import io.stressfw.agent.generator.IoLoadGenerator;
import io.stressfw.agent.host.DeviceRates;
import io.stressfw.agent.scope.ScopeCapacity;
import io.stressfw.model.ResourceKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent's endpoints answer, as maps for JSON: its status (the controller's, with the scope it loads, its
 * network links and the scratch device), and its health checks in the form of SmallRye Health, which probes and
 * dashboards already read.
 */
final class AgentDocuments {
    private AgentDocuments() {
    }

    /** A health check: its name, whether it is up, and what it saw. */
    record Check(String name, boolean up, Map<String, Object> data) {
    }

    /** Live while the control loop ticks (its watchdog saw a tick within its bound); never waits for its lock. */
    static Check liveness(AgentRuntime runtime) {
        AgentController controller = runtime.controller();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", controller.state().wireName());
        data.put("last_tick_ms_ago", controller.watchdog().sinceLastTickMs());
        data.put("stall_bound_ms", controller.watchdog().boundMs());
        return new Check("agent-control-loop", controller.live(), data);
    }

    /** Ready when the sink listens and the broker answers. */
    static Check readiness(AgentRuntime runtime) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sink", runtime.sink().hostPort());
        data.put("broker_reachable", runtime.brokerWatch().reachable());
        return new Check("agent", runtime.sink().isOpen() && runtime.brokerWatch().reachable(), data);
    }

    static Map<String, Object> health(List<Check> checks) {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", checks.stream().allMatch(Check::up) ? "UP" : "DOWN");
        health.put("checks", checks.stream().map(check -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", check.name());
            entry.put("status", check.up() ? "UP" : "DOWN");
            entry.put("data", check.data());
            return entry;
        }).toList());
        return health;
    }

    static Map<String, Object> status(AgentRuntime runtime, Map<String, Object> controllerStatus) {
        Map<String, Object> status = new LinkedHashMap<>(controllerStatus);
        status.put("scope", scope(runtime));
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("sink", runtime.sink().hostPort());
        network.put("peer_sink", runtime.peerSink().orElse(null));
        network.put("links", runtime.controller().generators().network().links());
        status.put("network", network);
        DeviceRates.Reading device = runtime.controller().generators().get(ResourceKind.IO) instanceof IoLoadGenerator io
                ? io.device() : null;
        status.put("io_device", device);
        return status;
    }

    private static Map<String, Object> scope(AgentRuntime runtime) {
        ScopeCapacity capacity = runtime.capacity();
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("kind", capacity.scope().wireName());
        scope.put("id", capacity.scopeId());
        scope.put("host_id", capacity.hostId());
        scope.put("cpu_cores", capacity.cpuCores());
        scope.put("memory_mb", Math.round(capacity.memoryBytes() / (1024.0 * 1024.0)));
        scope.put("share", runtime.peers().share());
        scope.put("settled", runtime.peers().settled());
        scope.put("peers", runtime.peers().peers());
        return scope;
    }
}
