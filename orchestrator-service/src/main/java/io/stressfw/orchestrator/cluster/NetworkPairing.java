package io.stressfw.orchestrator.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs agents on different hosts for network load that crosses the network: each agent sends to the announced sink
 * of one agent on another host, chosen among those its own allowlist allows (an agent never gets a target it did not
 * allow). Agents are taken in the order of host and id, and agent number {@code i} picks its {@code i}-th eligible
 * peer (wrapping), so that the links spread: two hosts of two agents each give a1-b1 and a2-b2 in both directions,
 * three hosts of one agent each give a ring. An agent with no eligible peer gets no entry and keeps its own sink.
 * Plain Java.
 */
public final class NetworkPairing {
    private NetworkPairing() {
    }

    /** One agent's peer: who sends, and to whose sink. */
    public record Pair(String fromAgent, String fromHost, String toAgent, String toHost, String target) {
    }

    /** The pairs for these agents, one per agent that has an eligible peer. */
    public static List<Pair> pair(List<AgentScope> agents) {
        List<AgentScope> sorted = new ArrayList<>(agents);
        sorted.sort(Comparator.comparing(AgentScope::hostId).thenComparing(AgentScope::agentId));
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            AgentScope from = sorted.get(i);
            List<AgentScope> eligible = new ArrayList<>();
            for (AgentScope to : sorted) {
                if (!to.hostId().equals(from.hostId()) && to.sink() != null && from.allows(to.sink())) {
                    eligible.add(to);
                }
            }
            if (!eligible.isEmpty()) {
                AgentScope to = eligible.get(i % eligible.size());
                pairs.add(new Pair(from.agentId(), from.hostId(), to.agentId(), to.hostId(), to.sink()));
            }
        }
        return pairs;
    }

    /** The pairs as a command's {@code network_targets_by_agent}: each sender's one target. */
    public static Map<String, List<String>> targetsByAgent(List<Pair> pairs) {
        Map<String, List<String>> targets = new LinkedHashMap<>();
        for (Pair pair : pairs) {
            targets.put(pair.fromAgent(), List.of(pair.target()));
        }
        return targets;
    }
}
