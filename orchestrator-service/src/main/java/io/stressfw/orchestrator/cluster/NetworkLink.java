package io.stressfw.orchestrator.cluster;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.ArrayList;
import java.util.List;

/**
 * A link that carries network load, as its sender reports it: from which agent and host to which target, the agent
 * and host behind that target when it is another agent's announced sink (null for the sender's own sink or a fixed
 * target), and the Mbps over the last second.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NetworkLink(String fromAgent, String fromHost, String target, String toAgent, String toHost, double mbps) {

    /** Every link the agents report, with the receiving agent resolved from the sinks they announce. */
    public static List<NetworkLink> of(List<AgentScope> agents) {
        List<NetworkLink> links = new ArrayList<>();
        for (AgentScope from : agents) {
            for (AgentScope.Link link : from.links()) {
                AgentScope to = agents.stream().filter(a -> link.target().equals(a.sink())).findFirst().orElse(null);
                links.add(new NetworkLink(from.agentId(), from.hostId(), link.target(), to == null ? null : to.agentId(),
                        to == null ? null : to.hostId(), link.mbps()));
            }
        }
        return links;
    }
}
