package io.stressfw.orchestrator.cluster;

import io.stressfw.model.NetworkAllowRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an agent's heartbeat says about where it loads: its host and scope (kind, id, what 100 % is there), the sink
 * other agents reach it at, the allowlist its network generator obeys, and the Mbps of each of its links. Agents of an
 * older version that announce no scope read as host scope on their heartbeat's host.
 *
 * @param sink null when the agent's sink listens on loopback only
 */
public record AgentScope(String agentId, String hostId, String kind, String scopeId, Double cpuCores, Double memoryCapMb,
                         Double ioOpsPerSecond, Double networkMbps, String sink, List<NetworkAllowRule> allowlist,
                         List<Link> links) {

    /** One link as its sender measures it: the target and the Mbps it received over the last second. */
    public record Link(String target, double mbps) {
    }

    public static AgentScope of(String agentId, String host, Map<String, Object> capabilities) {
        Map<?, ?> scope = capabilities.get("scope") instanceof Map<?, ?> m ? m : Map.of();
        String hostId = text(capabilities.get("host_id"), host == null ? agentId : host);
        String kind = text(scope.get("kind"), "host");
        String scopeId = text(scope.get("id"), hostId);
        List<NetworkAllowRule> rules = new ArrayList<>();
        if (capabilities.get("network_allowlist") instanceof List<?> entries) {
            for (Object entry : entries) {
                try {
                    rules.add(NetworkAllowRule.parse(String.valueOf(entry)));
                } catch (IllegalArgumentException e) {
                    // The agent refused to start with a bad entry; a heartbeat carrying one comes from something else.
                }
            }
        }
        List<Link> links = new ArrayList<>();
        if (capabilities.get("network_links") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> link && link.get("target") instanceof String target
                        && link.get("mbps") instanceof Number mbps) {
                    links.add(new Link(target, mbps.doubleValue()));
                }
            }
        }
        String sink = capabilities.get("network_sink") instanceof String s && !s.isBlank() ? s : null;
        return new AgentScope(agentId, hostId, kind, scopeId, number(scope.get("cpu_cores")),
                number(scope.get("memory_cap_mb")), number(scope.get("io_ops_per_second")),
                number(scope.get("network_mbps")), sink, List.copyOf(rules), List.copyOf(links));
    }

    /** Whether this agent's allowlist lets it send to {@code target}. */
    public boolean allows(String target) {
        return allowlist.stream().anyMatch(rule -> rule.allows(target));
    }

    private static String text(Object value, String fallback) {
        return value instanceof String s && !s.isBlank() ? s : fallback;
    }

    private static Double number(Object value) {
        return value instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
    }
}
