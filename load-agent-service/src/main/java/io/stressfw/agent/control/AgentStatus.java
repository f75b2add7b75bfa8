package io.stressfw.agent.control;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.stressfw.model.Phase;

import java.util.Map;

/** What {@code GET /agent/status} answers. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AgentStatus(
        String agentId,
        AgentState state,
        String cycleId,
        Phase phase,
        Long sequence,
        double targetLoadPercent,
        double currentLoadPercent,
        Long leaseExpiresAtMs,
        String lastStopReason,
        Long lastStopAtMs,
        Double lastStopLatencyMs,
        Map<String, Generator> generators,
        Map<String, Cap> caps,
        Resources resources,
        Map<String, String> notes) {

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
}
