package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * Sets every agent's load: ramp from the current load to {@code target_load_percent} over {@code ramp_seconds},
 * each generator at target x its weight. The command is a lease: an agent that reaches {@code lease_expires_at_ms}
 * without a newer command stops all load by itself. The orchestrator re-sends the current command at least every
 * second to renew it. {@code network_targets} (optional, {@code host:port}) chooses among the targets each agent's own
 * allowlist permits; an agent refuses a command that names anything else.
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
        List<String> networkTargets) implements Command {

    /** A command that leaves the network targets to each agent's own allowlist. */
    public PhaseCommand(int version, String commandId, String cycleId, long sequence, long issuedAtMs, long leaseExpiresAtMs,
                        Phase phase, double targetLoadPercent, ResourceWeights weights, double rampSeconds, LoadLimits limits) {
        this(version, commandId, cycleId, sequence, issuedAtMs, leaseExpiresAtMs, phase, targetLoadPercent, weights,
                rampSeconds, limits, null);
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
    }

    public boolean leaseExpired(long nowMs) {
        return nowMs >= leaseExpiresAtMs;
    }
}
