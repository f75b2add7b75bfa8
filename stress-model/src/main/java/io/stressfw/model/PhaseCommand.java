package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets every agent's load: ramp from the current load to {@code target_load_percent} over {@code ramp_seconds},
 * each generator at target x its weight. The command is a lease: an agent that reaches {@code lease_expires_at_ms}
 * without a newer command stops all load by itself. The orchestrator re-sends the current command at least every
 * second to renew it. {@code network_targets} (optional, {@code host:port}) chooses among the targets each agent's own
 * allowlist permits; an agent refuses a command that names anything else. {@code network_targets_by_agent} (optional)
 * gives single agents their own targets, by agent id: the orchestrator pairs agents on different hosts this way, each
 * sending to its peer's sink; an agent it names uses its entry instead of {@code network_targets}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhaseCommand(
        int version,
        String commandId,
        String cycleId,
        long sequence,
        long issuedAtMs,
        long leaseExpiresAtMs,
        Phase phase,
        double targetLoadPercent,
        ResourceWeights weights,
        double rampSeconds,
        LoadLimits limits,
        List<String> networkTargets,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<String>> networkTargetsByAgent) implements Command {

    /** A command that leaves the network targets to each agent's own allowlist. */
    public PhaseCommand(int version, String commandId, String cycleId, long sequence, long issuedAtMs, long leaseExpiresAtMs,
                        Phase phase, double targetLoadPercent, ResourceWeights weights, double rampSeconds, LoadLimits limits) {
        this(version, commandId, cycleId, sequence, issuedAtMs, leaseExpiresAtMs, phase, targetLoadPercent, weights,
                rampSeconds, limits, null, null);
    }

    /** A command whose network targets are the same for every agent. */
    public PhaseCommand(int version, String commandId, String cycleId, long sequence, long issuedAtMs, long leaseExpiresAtMs,
                        Phase phase, double targetLoadPercent, ResourceWeights weights, double rampSeconds, LoadLimits limits,
                        List<String> networkTargets) {
        this(version, commandId, cycleId, sequence, issuedAtMs, leaseExpiresAtMs, phase, targetLoadPercent, weights,
                rampSeconds, limits, networkTargets, null);
    }

    public PhaseCommand {
        Checks.notBlank(commandId, "command_id");
        Checks.notBlank(cycleId, "cycle_id");
        Checks.notNull(phase, "phase");
        Checks.between(targetLoadPercent, 0, 100, "target_load_percent");
        Checks.notNull(weights, "weights");
        Checks.nonNegative(rampSeconds, "ramp_seconds");
        if (leaseExpiresAtMs <= issuedAtMs) {
            throw new IllegalArgumentException("lease_expires_at_ms must be after issued_at_ms");
        }
        limits = limits == null ? LoadLimits.NONE : limits;
        networkTargets = networkTargets == null ? List.of() : List.copyOf(networkTargets);
        networkTargets.forEach(t -> Checks.notBlank(t, "network_targets"));
        Map<String, List<String>> byAgent = new LinkedHashMap<>();
        if (networkTargetsByAgent != null) {
            networkTargetsByAgent.forEach((agent, targets) -> {
                Checks.notBlank(agent, "network_targets_by_agent key");
                Checks.notNull(targets, "network_targets_by_agent." + agent);
                targets.forEach(t -> Checks.notBlank(t, "network_targets_by_agent." + agent));
                byAgent.put(agent, List.copyOf(targets));
            });
        }
        networkTargetsByAgent = java.util.Collections.unmodifiableMap(byAgent);
    }

    /** The same command giving single agents their own network targets (replacing any it gave). */
    public PhaseCommand withNetworkTargetsByAgent(Map<String, List<String>> byAgent) {
        return new PhaseCommand(version, commandId, cycleId, sequence, issuedAtMs, leaseExpiresAtMs, phase,
                targetLoadPercent, weights, rampSeconds, limits, networkTargets, byAgent);
    }

    /** The targets the command gives {@code agentId}: its own entry if it has one, else the common ones (may be empty). */
    public List<String> networkTargetsFor(String agentId) {
        List<String> own = networkTargetsByAgent.get(agentId);
        return own != null ? own : networkTargets;
    }

    public boolean leaseExpired(long nowMs) {
        return nowMs >= leaseExpiresAtMs;
    }
}
