package io.stressfw.orchestrator.cluster;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.ResourceKind;
import io.stressfw.model.ResourceWeights;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scope (a host, or a container in container scope) as a whole: its agents, what 100 % is there, the target of
 * each resource (load x weight, in percent of the scope) against what the scope achieved, and what its agents
 * generated in absolute terms. Every agent of a scope reports its achieved load against its own share of the scope
 * (for host-scope CPU: the host's measured utilisation), so the mean over the scope's agents is the scope's figure.
 *
 * @param capacity  the scope's 100 %: {@code cpu_cores}, {@code memory_cap_mb}, {@code io_ops_per_second}, {@code network_mbps}
 * @param target    percent of the scope per resource
 * @param achieved  percent of the scope per resource; null where no agent of the scope reported recently
 * @param generated the agents' own load summed: cores, MB, I/O operations per second, Mbps
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HostLoad(String hostId, String scope, String scopeId, List<String> agents, Map<String, Double> capacity,
                       Map<String, Double> target, Map<String, Double> achieved, Map<String, Double> generated) {

    /** An agent's scope and its latest readings (empty when it has not sampled recently). */
    public record Member(AgentScope scope, Map<String, GeneratorReading> readings) {
    }

    /** The scopes of these agents, by host and scope id, at the given phase load. */
    public static List<HostLoad> of(List<Member> members, double load, ResourceWeights weights) {
        Map<String, List<Member>> byScope = new LinkedHashMap<>();
        members.stream().sorted(Comparator.comparing((Member m) -> m.scope().hostId()).thenComparing(m -> m.scope().scopeId())
                        .thenComparing(m -> m.scope().agentId()))
                .forEach(m -> byScope.computeIfAbsent(m.scope().scopeId(), k -> new ArrayList<>()).add(m));
        List<HostLoad> hosts = new ArrayList<>();
        for (List<Member> scope : byScope.values()) {
            AgentScope first = scope.get(0).scope();
            Map<String, Double> capacity = new LinkedHashMap<>();
            capacity.put("cpu_cores", first.cpuCores());
            capacity.put("memory_cap_mb", first.memoryCapMb());
            capacity.put("io_ops_per_second", first.ioOpsPerSecond());
            capacity.put("network_mbps", first.networkMbps());
            Map<String, Double> target = new LinkedHashMap<>();
            Map<String, Double> achieved = new LinkedHashMap<>();
            Map<String, Double> generated = new LinkedHashMap<>();
            for (ResourceKind kind : ResourceKind.values()) {
                String name = kind.wireName();
                target.put(name, round(load * weights.of(kind)));
                double sum = 0;
                double value = 0;
                int count = 0;
                for (Member member : scope) {
                    GeneratorReading reading = member.readings().get(name);
                    if (reading != null) {
                        sum += reading.achievedPercent();
                        value += reading.achievedValue() == null ? 0 : reading.achievedValue();
                        count++;
                    }
                }
                achieved.put(name, count == 0 ? null : round(sum / count));
                generated.put(name, count == 0 ? null : round(value));
            }
            hosts.add(new HostLoad(first.hostId(), first.kind(), first.scopeId(),
                    scope.stream().map(m -> m.scope().agentId()).toList(), capacity, target, achieved, generated));
        }
        return hosts;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
