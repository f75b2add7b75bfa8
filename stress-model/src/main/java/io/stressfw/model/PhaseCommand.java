package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sets every agent's load: ramp from the current load to {@code target_load_percent} over {@code ramp_seconds},
 * each generator at target x its weight. The command is a lease of {@code lease_ms}: an agent that hears no newer
 * command for that long after this one arrived stops all load by itself. The duration is applied on the agent's own
 * monotonic clock from the moment the command arrives (capped by the agent's own configuration), so that no two
 * clocks need to agree; {@code issued_at_ms} is the sender's wall clock, for diagnostics only. The orchestrator
 * re-sends the current command at least every second to renew it.
 *
 * <p>{@code sequence} orders the commands of a cycle; {@code epoch} grows only when the sender means a new setpoint
 * explicitly (a new phase, an operator's adjustment): an agent that stopped by itself (violation, emergency stop,
 * lease expiry, ...) stays stopped for that cycle until a command of a higher epoch arrives, so that a renewal never
 * restarts load. {@code network_targets} (optional, {@code host:port}) chooses among the targets each agent's own
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
        long epoch,
        long issuedAtMs,
        long leaseMs,
        Phase phase,
        double targetLoadPercent,
        ResourceWeights weights,
        double rampSeconds,
        LoadLimits limits,
        List<String> networkTargets,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<String>> networkTargetsByAgent) implements Command {

    public PhaseCommand {
        Checks.notBlank(commandId, "command_id");
        Checks.notBlank(cycleId, "cycle_id");
        Checks.nonNegative(epoch, "epoch");
        Checks.positive(leaseMs, "lease_ms");
        Checks.notNull(phase, "phase");
        Checks.between(targetLoadPercent, 0, 100, "target_load_percent");
        Checks.notNull(weights, "weights");
        Checks.nonNegative(rampSeconds, "ramp_seconds");
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
        networkTargetsByAgent = Collections.unmodifiableMap(byAgent);
    }

    /** The same command giving single agents their own network targets (replacing any it gave). */
    public PhaseCommand withNetworkTargetsByAgent(Map<String, List<String>> byAgent) {
        return toBuilder().networkTargetsByAgent(byAgent).build();
    }

    /** The targets the command gives {@code agentId}: its own entry if it has one, else the common ones (may be empty). */
    public List<String> networkTargetsFor(String agentId) {
        List<String> own = networkTargetsByAgent.get(agentId);
        return own != null ? own : networkTargets;
    }

    /**
     * A command of {@code cycleId} for {@code phase}; everything else is set on the builder (a random command id, no
     * ramp, no limits and no network targets unless set; the lease must be set).
     */
    public static Builder builder(String cycleId, Phase phase) {
        return new Builder(cycleId, phase);
    }

    /** A builder holding this command's fields, to change some of them. */
    public Builder toBuilder() {
        return new Builder(cycleId, phase).commandId(commandId).sequence(sequence).epoch(epoch).issuedAtMs(issuedAtMs)
                .leaseMs(leaseMs).targetLoadPercent(targetLoadPercent).weights(weights).rampSeconds(rampSeconds)
                .limits(limits).networkTargets(networkTargets).networkTargetsByAgent(networkTargetsByAgent);
    }

    public static final class Builder {
        private final String cycleId;
        private final Phase phase;
        private String commandId = UUID.randomUUID().toString();
        private long sequence;
        private long epoch;
        private long issuedAtMs;
        private long leaseMs;
        private double targetLoadPercent;
        private ResourceWeights weights = ResourceWeights.CPU_ONLY;
        private double rampSeconds;
        private LoadLimits limits;
        private List<String> networkTargets;
        private Map<String, List<String>> networkTargetsByAgent;

        private Builder(String cycleId, Phase phase) {
            this.cycleId = Checks.notBlank(cycleId, "cycle_id");
            this.phase = Checks.notNull(phase, "phase");
        }

        public Builder commandId(String commandId) {
            this.commandId = Checks.notBlank(commandId, "command_id");
            return this;
        }

        public Builder sequence(long sequence) {
            this.sequence = sequence;
            return this;
        }

        public Builder epoch(long epoch) {
            Checks.nonNegative(epoch, "epoch");
            this.epoch = epoch;
            return this;
        }

        public Builder issuedAtMs(long issuedAtMs) {
            this.issuedAtMs = issuedAtMs;
            return this;
        }

        public Builder leaseMs(long leaseMs) {
            Checks.positive(leaseMs, "lease_ms");
            this.leaseMs = leaseMs;
            return this;
        }

        public Builder targetLoadPercent(double targetLoadPercent) {
            this.targetLoadPercent = Checks.between(targetLoadPercent, 0, 100, "target_load_percent");
            return this;
        }

        public Builder weights(ResourceWeights weights) {
            this.weights = Checks.notNull(weights, "weights");
            return this;
        }

        public Builder rampSeconds(double rampSeconds) {
            this.rampSeconds = Checks.nonNegative(rampSeconds, "ramp_seconds");
            return this;
        }

        /** Null: the agents' own caps. */
        public Builder limits(LoadLimits limits) {
            this.limits = limits;
            return this;
        }

        /** Null or empty: each agent's own allowlist decides. */
        public Builder networkTargets(List<String> networkTargets) {
            this.networkTargets = networkTargets;
            return this;
        }

        /** Null or empty: no agent gets targets of its own. */
        public Builder networkTargetsByAgent(Map<String, List<String>> networkTargetsByAgent) {
            this.networkTargetsByAgent = networkTargetsByAgent;
            return this;
        }

        public PhaseCommand build() {
            return new PhaseCommand(Versioned.SCHEMA_VERSION, commandId, cycleId, sequence, epoch, issuedAtMs, leaseMs,
                    phase, targetLoadPercent, weights, rampSeconds, limits, networkTargets, networkTargetsByAgent);
        }
    }
}
