package io.stressfw.agent.control;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.stressfw.model.Checks;
import io.stressfw.model.Phase;

import java.util.Map;

/**
 * What {@code GET /agent/status} answers. {@code lease_remaining_ms} is the lease as the agent enforces it, on its
 * monotonic clock; {@code lease_expires_at_ms} is the same instant read on the agent's wall clock, for people.
 * {@code clock_skew_ms} is the agent's wall clock minus the orchestrator's, transit included (see {@link ClockSkew}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AgentStatus(
        String agentId,
        AgentState state,
        String cycleId,
        Phase phase,
        Long sequence,
        Long epoch,
        double targetLoadPercent,
        double currentLoadPercent,
        Long leaseExpiresAtMs,
        Long leaseRemainingMs,
        String lastStopReason,
        Long lastStopAtMs,
        Double lastStopLatencyMs,
        Long clockSkewMs,
        ControlLoop controlLoop,
        Map<String, Generator> generators,
        Map<String, Cap> caps,
        Resources resources,
        Map<String, String> notes) {

    public static Builder builder(String agentId, AgentState state) {
        return new Builder(agentId, state);
    }

    /**
     * A generator's target and achieved load in percent of the scope's cap, its achieved value, the scope's cap and
     * this agent's part of it ({@code own_cap}: its share, bounded by what the agent itself can do).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Generator(double targetPercent, double achievedPercent, Double achievedValue, String unit, double cap,
                            double ownCap) {
    }

    /** A cap as configured for the agent and as in force for the current command (commands can only lower it). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Cap(double configured, double effective, String unit) {
    }

    /** What the generators hold right now; all zero after a stop. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Resources(int generatorThreads, int scratchFiles, int openConnections, double allocatedMemoryMb) {
        public boolean released() {
            return generatorThreads == 0 && scratchFiles == 0 && openConnections == 0 && allocatedMemoryMb == 0;
        }
    }

    /** The control tick as its watchdog sees it: live, when it last completed, and the stall bound. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ControlLoop(boolean live, long lastTickMsAgo, long stallBoundMs) {
    }

    public static final class Builder {
        private final String agentId;
        private final AgentState state;
        private String cycleId;
        private Phase phase;
        private Long sequence;
        private Long epoch;
        private double targetLoadPercent;
        private double currentLoadPercent;
        private Long leaseExpiresAtMs;
        private Long leaseRemainingMs;
        private String lastStopReason;
        private Long lastStopAtMs;
        private Double lastStopLatencyMs;
        private Long clockSkewMs;
        private ControlLoop controlLoop;
        private Map<String, Generator> generators = Map.of();
        private Map<String, Cap> caps = Map.of();
        private Resources resources = new Resources(0, 0, 0, 0);
        private Map<String, String> notes = Map.of();

        private Builder(String agentId, AgentState state) {
            this.agentId = Checks.notBlank(agentId, "agent id");
            this.state = Checks.notNull(state, "state");
        }

        /** The command being followed; all null when none is. */
        public Builder command(String cycleId, Phase phase, Long sequence, Long epoch) {
            this.cycleId = cycleId;
            this.phase = phase;
            this.sequence = sequence;
            this.epoch = epoch;
            return this;
        }

        public Builder load(double targetLoadPercent, double currentLoadPercent) {
            this.targetLoadPercent = Checks.between(targetLoadPercent, 0, 100, "target_load_percent");
            this.currentLoadPercent = Checks.between(currentLoadPercent, 0, 100, "current_load_percent");
            return this;
        }

        /** Both null when no lease runs. */
        public Builder lease(Long expiresAtMs, Long remainingMs) {
            this.leaseExpiresAtMs = expiresAtMs;
            this.leaseRemainingMs = remainingMs;
            return this;
        }

        public Builder lastStop(String reason, Long atMs, Double latencyMs) {
            this.lastStopReason = reason;
            this.lastStopAtMs = atMs;
            this.lastStopLatencyMs = latencyMs;
            return this;
        }

        public Builder clockSkewMs(Long clockSkewMs) {
            this.clockSkewMs = clockSkewMs;
            return this;
        }

        public Builder controlLoop(ControlLoop controlLoop) {
            this.controlLoop = Checks.notNull(controlLoop, "control loop");
            return this;
        }

        public Builder generators(Map<String, Generator> generators, Map<String, Cap> caps, Resources resources) {
            this.generators = Checks.notNull(generators, "generators");
            this.caps = Checks.notNull(caps, "caps");
            this.resources = Checks.notNull(resources, "resources");
            return this;
        }

        public Builder notes(Map<String, String> notes) {
            this.notes = Checks.notNull(notes, "notes");
            return this;
        }

        public AgentStatus build() {
            return new AgentStatus(agentId, state, cycleId, phase, sequence, epoch, targetLoadPercent, currentLoadPercent,
                    leaseExpiresAtMs, leaseRemainingMs, lastStopReason, lastStopAtMs, lastStopLatencyMs, clockSkewMs,
                    Checks.notNull(controlLoop, "control loop"), generators, caps, resources, notes);
        }
    }
}
