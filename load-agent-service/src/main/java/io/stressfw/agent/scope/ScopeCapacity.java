package io.stressfw.agent.scope;

import io.stressfw.agent.host.OwnCgroup;
import io.stressfw.model.Checks;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What 100 % is for this agent, and who shares it. Host scope: the host's cores (as {@code /proc/stat} counts them)
 * and its memory (MemTotal), shared by every agent with the same host id. Container scope: the own cgroup's CPU quota
 * and memory limit (the host's figure where none is set), shared by the agents in that cgroup.
 *
 * @param scopeId      agents with the same id share the scope: the host id, or the host id and the cgroup path
 * @param cpuCores     the scope's cores (a container's quota may be fractional)
 * @param memoryBytes  the scope's memory
 */
public record ScopeCapacity(LoadScope scope, String hostId, String scopeId, double cpuCores, long memoryBytes) {
    public ScopeCapacity {
        Checks.notNull(scope, "scope");
        Checks.notBlank(hostId, "host id");
        Checks.notBlank(scopeId, "scope id");
        Checks.positive(cpuCores, "scope cores");
        Checks.positive(memoryBytes, "scope memory");
    }

    /**
     * @param hostCores   the host's cores
     * @param hostMemory  the host's memory in bytes
     */
    public static ScopeCapacity of(LoadScope scope, String hostId, OwnCgroup cgroup, int hostCores, long hostMemory) {
        if (scope == LoadScope.HOST) {
            return new ScopeCapacity(scope, hostId, hostId, hostCores, hostMemory);
        }
        OptionalDouble quota = cgroup.cpuQuotaCores();
        OptionalLong limit = cgroup.memoryLimitBytes();
        double cores = quota.isPresent() ? Math.min(hostCores, quota.getAsDouble()) : hostCores;
        long memory = limit.isPresent() ? Math.min(hostMemory, limit.getAsLong()) : hostMemory;
        return new ScopeCapacity(scope, hostId, hostId + cgroup.path(), cores, memory);
    }
}
