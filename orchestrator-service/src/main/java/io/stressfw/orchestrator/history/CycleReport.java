package io.stressfw.orchestrator.history;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.stressfw.model.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cycle as it ran: its plan, each phase with its real timestamps, target versus achieved load, the violations
 * seen, the outcome ({@code running}, {@code completed}, {@code aborted}, or {@code interrupted} when the process
 * died mid-cycle) and the knee an adaptive phase found. Serialized as snake_case JSON (GET /cycles/{id} and the
 * file store).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class CycleReport {
    public String cycleId;
    public long startedAtMs;
    public Long endedAtMs;
    public Double durationSeconds;
    public String outcome;
    public String abortedBy;
    public String reason;
    public boolean overrideSafety;
    public Double kneeLoadPercent;
    public List<PlannedPhase> plan = new ArrayList<>();
    public List<PhaseRun> phases = new ArrayList<>();
    public List<Violation> violations = new ArrayList<>();

    public static class PlannedPhase {
        public String phase;
        public double minLoad;
        public double maxLoad;
        public double targetLoadPercent;
        public double durationSeconds;
        public double rampUpSeconds;
        public double rampDownSeconds;
        public Map<String, Object> weights;
        public Map<String, Double> safetyThresholds;
        public String rampingStrategy;
        public boolean adaptive;
    }

    public static class PhaseRun {
        public String phase;
        public long startedAtMs;
        public Long holdStartedAtMs;
        public Long rampDownStartedAtMs;
        public Long endedAtMs;
        public Double durationSeconds;
        public String outcome;
        public Double targetLoadPercent;
        /** Mean achieved load (load percent) over the hold, or over the whole phase when it never held. */
        public Double achievedLoadPercent;
        public Double kneeLoadPercent;
        @JsonIgnore
        public double holdAchievedSum;
        @JsonIgnore
        public int holdAchievedCount;
        @JsonIgnore
        public double anyAchievedSum;
        @JsonIgnore
        public int anyAchievedCount;
    }
}
