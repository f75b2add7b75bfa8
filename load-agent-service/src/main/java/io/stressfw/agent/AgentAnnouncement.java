package io.stressfw.agent;

import io.stressfw.agent.generator.CpuLoadGenerator;
import io.stressfw.agent.generator.LoadGenerator;
import io.stressfw.agent.generator.MemoryLoadGenerator;
import io.stressfw.agent.generator.NetworkLoadGenerator;
import io.stressfw.agent.scope.PeerState;
import io.stressfw.agent.scope.ScopeCapacity;
import io.stressfw.model.ResourceKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent says about itself in every heartbeat: its caps and generators; its scope (kind, id, what 100 % is,
 * its share, its peers) and what it generates now, which its peers in the scope use to take their share
 * ({@link PeerState}); its sink as other agents reach it, its allowlist and the Mbps of each link, which the
 * orchestrator uses to pair agents across hosts and to report the links; its lease cap, clock skew and whether its
 * control loop is live; and, when it shuts down in order, that it is leaving.
 */
final class AgentAnnouncement {
    private final AgentRuntime runtime;

    AgentAnnouncement(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    Map<String, Object> capabilities() {
        ScopeCapacity capacity = runtime.capacity();
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("cores", runtime.cores());
        caps.put("memory_limit_mb", Math.round(runtime.memoryCapMb()));
        caps.put("generators", runtime.controller().generators().names());
        caps.put("sink_address", runtime.sink().hostPort());
        caps.put("network_allowlist", runtime.controller().allowlist().entries());
        runtime.peerSink().ifPresent(address -> caps.put("network_sink", address));
        NetworkLoadGenerator network = runtime.controller().generators().network();
        List<Map<String, Object>> links = network.targetPercent() > 0 ? network.links().stream().map(link -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("target", link.target());
            entry.put("mbps", Math.round(link.mbps() * 1000) / 1000.0);
            return entry;
        }).toList() : List.of();
        caps.put("network_links", links);
        caps.put("max_lease_ms", runtime.controller().maxLeaseMs());
        // The agent's wall clock minus the orchestrator's as seen on the last commands, transit included.
        caps.put("clock_skew_ms", runtime.controller().clockSkewMs());
        caps.put("control_loop_live", runtime.controller().live());
        PeerState self = new PeerState(runtime.controller().agentId(), capacity.hostId(), capacity.scope(),
                capacity.scopeId(), runtime.loading(), cpuCores(), memoryMb(), runtime.leaving());
        caps.putAll(self.capabilities(scopeDetails(capacity)));
        return caps;
    }

    /** What 100 % is in the scope, the caps the agents there share, this agent's share and its peers. */
    private Map<String, Object> scopeDetails(ScopeCapacity capacity) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cpu_cores", capacity.cpuCores());
        details.put("memory_mb", Math.round(capacity.memoryBytes() / (1024.0 * 1024.0)));
        details.put("memory_cap_mb", Math.round(runtime.generator(ResourceKind.MEMORY).cap()));
        details.put("io_ops_per_second", runtime.generator(ResourceKind.IO).cap());
        details.put("network_mbps", runtime.generator(ResourceKind.NETWORK).cap());
        details.put("share", Math.round(runtime.peers().share() * 10000) / 10000.0);
        details.put("peers", runtime.peers().peers().stream().map(p -> p.agentId()).toList());
        return details;
    }

    private double cpuCores() {
        return runtime.generator(ResourceKind.CPU) instanceof CpuLoadGenerator cpu ? cpu.agentLoadCores() : 0;
    }

    private double memoryMb() {
        return runtime.generator(ResourceKind.MEMORY) instanceof MemoryLoadGenerator memory ? memory.allocatedMb() : 0;
    }
}
