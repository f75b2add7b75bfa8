package io.stressfw.agent;

import io.stressfw.service.HeartbeatCapabilities;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/** The agent's part of its heartbeats: cores, memory cap, generators, sink address. */
@ApplicationScoped
public class AgentCapabilities implements HeartbeatCapabilities {
    @Inject
    AgentRuntime runtime;

    @Override
    public Map<String, Object> capabilities() {
        return runtime.capabilities();
    }
}
