package io.stressfw.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stressfw.agent.generator.IoLoadGenerator;
import io.stressfw.agent.host.DeviceRates;
import io.stressfw.agent.scope.ScopeCapacity;
import io.stressfw.model.ResourceKind;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's local view: what it was asked for, what it achieves, its caps, lease and held resources (the
 * controller's status), and besides it the scope it loads with its share and peers, its network links and what the
 * scratch directory's device did.
 */
@Path("/agent")
public class AgentStatusResource {
    @Inject
    AgentRuntime runtime;
    @Inject
    ObjectMapper mapper;

    @GET
    @Path("/status")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> status() {
        Map<String, Object> status = mapper.convertValue(runtime.controller().status(), new TypeReference<LinkedHashMap<String, Object>>() {
        });
        status.put("scope", scope());
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

    private Map<String, Object> scope() {
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
