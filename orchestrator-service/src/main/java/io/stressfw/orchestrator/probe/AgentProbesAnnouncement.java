package io.stressfw.orchestrator.probe;

import io.stressfw.model.AgentProbeAssignment;
import io.stressfw.orchestrator.config.CyclePlans;
import io.stressfw.service.HeartbeatCapabilities;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * Tells every agent which probes to run: the configured plan's {@code run_on: agents} probes, as an
 * {@link AgentProbeAssignment} in each of the orchestrator's heartbeats (every second), so that an agent that joins
 * later, or restarts, is told within a second, and an agent that stops hearing the orchestrator stops probing when
 * the assignment's lease runs out. Without such probes the capability is absent, and agents run none.
 */
@ApplicationScoped
public class AgentProbesAnnouncement implements HeartbeatCapabilities {
    private final CyclePlans plans;

    @Inject
    public AgentProbesAnnouncement(CyclePlans plans) {
        this.plans = plans;
    }

    @Override
    public Map<String, Object> capabilities() {
        AgentProbeAssignment assignment = AgentProbeAssignment.of(plans.file().probes());
        return assignment.probes().isEmpty() ? Map.of()
                : Map.of(AgentProbeAssignment.CAPABILITY, assignment.toCapability());
    }
}
