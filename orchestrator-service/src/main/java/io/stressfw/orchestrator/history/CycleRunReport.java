package io.stressfw.orchestrator.history;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.stressfw.model.Checks;
import io.stressfw.model.Phase;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.ThresholdSpec;
import io.stressfw.model.Violation;
import io.stressfw.plan.PhaseSpec;
import io.stressfw.orchestrator.slo.SloKneeResult;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A cycle as it ran: its plan, each phase with its real timestamps, target versus achieved load per resource, the
 * host metrics over its hold against the cycle's IDLE baseline, the violations seen, the outcome ({@code running},
 * {@code completed}, {@code under_target} when a phase held short of its target, {@code aborted}, or
 * {@code interrupted} when the process died mid-cycle) and the knee an adaptive phase found. Serialized as snake_case
 * JSON from its fields (GET /cycles/{id}, the file store, and stressctl's JUnit report read it). Only the cycle's
 * recorder changes it while the cycle runs, through the methods below, each named after what happened. One class
 * past 300 lines on purpose: its fields are the stored JSON's shape, and splitting them would change that shape.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public final class CycleRunReport {
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String UNDER_TARGET = "under_target";
    public static final String ABORTED = "aborted";
    public static final String INTERRUPTED = "interrupted";
    public static final String INTERRUPTED_REASON = "the orchestrator stopped while the cycle ran";
    /** Completed, but a steady-state probe did not hold one probe window after the ramp-down. */
    public static final String NOT_RECOVERED = "not_recovered";
    /** Ended; the steady-state probes are judged one probe window after the ramp-down (not final yet). */
    public static final String RECOVERING = "recovering";
    public static final String KNEE_BY_SLO = "slo";
    public static final String KNEE_RESOURCE_ONLY = "resource-only";

    private String cycleId;
    private long startedAtMs;
    private Long endedAtMs;
    private Double durationSeconds;
    private String outcome;
    private String abortedBy;
    private String reason;
    private boolean overrideSafety;
    /** The safety-heartbeat watchdog was switched off for this cycle ({@code override_safety_watchdog}). */
    private boolean overrideSafetyWatchdog;
    /** Who overrode safety (either flag), e.g. {@code api-key-0123456789ab (admin)}; null without an override. */
    private String overrideSafetyBy;
    private Double kneeLoadPercent;
    private List<PlannedPhase> plan = new ArrayList<>();
    /** Where the plan came from: the configured file's path or "request body". */
    private String planSource;
    /** A plan sent with the start request, as sent (YAML or JSON); null for the configured file. */
    private String planText;
    private List<PhaseRunReport> phases = new ArrayList<>();
    private List<Violation> violations = new ArrayList<>();
    /** The mean of each host metric over IDLE's hold (per host), when the cycle ran IDLE; null otherwise. */
    private Map<String, Map<String, Double>> baseline;
    /** Why the cycle is {@code under_target}: the phases and resources that held short. */
    private String verdictReason;
    /**
     * For a cycle with an adaptive phase: what its knee is defined by, {@code slo} (the plan's SLO, see {@link #slo})
     * or {@code resource-only} (no SLO in the plan: the agents' shortfall, host memory and the legacy probe).
     */
    private String kneeBasis;
    /** What the plan's SLO said about the loads an adaptive phase tried; null without an SLO or adaptive phase. */
    private SloKneeResult slo;
    /** The steady-state probes after the ramp-down: {@code checked_at_ms}, {@code recovered}, {@code failures}. */
    private Map<String, Object> recovery;
    /** The outcome a {@code recovering} cycle had before, restored when it recovered. */
    private String outcomeBeforeRecovery;

    /** For Jackson, reading a stored report. */
    private CycleRunReport() {
    }

    /** A report of a cycle that starts now over {@code plan}. */
    public static CycleRunReport started(String cycleId, long startedAtMs, boolean overrideSafety, List<PlannedPhase> plan) {
        CycleRunReport report = new CycleRunReport();
        report.cycleId = Checks.notBlank(cycleId, "cycle_id");
        report.startedAtMs = startedAtMs;
        report.outcome = RUNNING;
        report.overrideSafety = overrideSafety;
        report.plan.addAll(plan);
        return report;
    }

    public String cycleId() {
        return cycleId;
    }

    public long startedAtMs() {
        return startedAtMs;
    }

    public Long endedAtMs() {
        return endedAtMs;
    }

    public Double durationSeconds() {
        return durationSeconds;
    }

    public String outcome() {
        return outcome;
    }

    public String abortedBy() {
        return abortedBy;
    }

    public String reason() {
        return reason;
    }

    public boolean overrideSafety() {
        return overrideSafety;
    }

    public boolean overrideSafetyWatchdog() {
        return overrideSafetyWatchdog;
    }

    public String overrideSafetyBy() {
        return overrideSafetyBy;
    }

    /** Records the watchdog override and who overrode safety at the start (null when nobody did). */
    public void safetyOverridden(boolean watchdog, String by) {
        this.overrideSafetyWatchdog = watchdog;
        this.overrideSafetyBy = by;
    }

    public Double kneeLoadPercent() {
        return kneeLoadPercent;
    }

    public List<PlannedPhase> plan() {
        return Collections.unmodifiableList(plan);
    }

    public String planSource() {
        return planSource;
    }

    public String planText() {
        return planText;
    }

    /** The plan that runs came from {@code source}; {@code text} is the plan as the request sent it, or null. */
    public void planFrom(String source, String text) {
        this.planSource = source;
        this.planText = text;
    }

    public List<PhaseRunReport> phases() {
        return Collections.unmodifiableList(phases);
    }

    public List<Violation> violations() {
        return Collections.unmodifiableList(violations);
    }

    public Map<String, Map<String, Double>> baseline() {
        return baseline;
    }

    public String verdictReason() {
        return verdictReason;
    }

    /** IDLE's hold left the cycle's baseline: the mean of each metric per host. */
    public void baselineTaken(Map<String, Map<String, Double>> hostMeans) {
        this.baseline = hostMeans;
    }

    /** The phase running now (the last one started), or null before the first. */
    public PhaseRunReport currentPhase() {
        return phases.isEmpty() ? null : phases.get(phases.size() - 1);
    }

    public void phaseStarted(String phase, long atMs, Double targetLoadPercent) {
        phases.add(PhaseRunReport.started(phase, atMs, targetLoadPercent));
    }

    public void violationSeen(Violation violation) {
        violations.add(Checks.notNull(violation, "violation"));
    }

    /**
     * A completed cycle is {@code under_target} when any phase held short of its target; the reason names each such
     * phase with its own reason.
     */
    public void cycleEnded(long atMs, boolean completed, String abortedBy, String reason, Double kneeLoadPercent) {
        this.endedAtMs = atMs;
        this.durationSeconds = (atMs - startedAtMs) / 1000.0;
        List<String> shortPhases = phases.stream().filter(p -> UNDER_TARGET.equals(p.outcome()))
                .map(p -> "phase " + p.phase() + ": " + p.verdictReason()).toList();
        this.outcome = !completed ? ABORTED : shortPhases.isEmpty() ? COMPLETED : UNDER_TARGET;
        this.verdictReason = shortPhases.isEmpty() ? null : String.join("; ", shortPhases);
        this.abortedBy = abortedBy;
        this.reason = reason;
        this.kneeLoadPercent = kneeLoadPercent;
    }

    /** How the knee was found (called when an adaptive cycle ends): by the SLO with its result, or resource-only. */
    public void kneeJudged(SloKneeResult result) {
        this.kneeBasis = result == null ? KNEE_RESOURCE_ONLY : KNEE_BY_SLO;
        this.slo = result;
    }

    /**
     * The steady-state hypothesis after the ramp-down: a completed cycle whose steady-state probes do not hold is
     * {@code not_recovered}, with the reasons.
     */
    public void recoveryJudged(long atMs, List<String> failures) {
        if (RECOVERING.equals(outcome)) {
            outcome = outcomeBeforeRecovery;
        }
        Map<String, Object> judged = new java.util.LinkedHashMap<>();
        judged.put("checked_at_ms", atMs);
        judged.put("recovered", failures.isEmpty());
        judged.put("failures", List.copyOf(failures));
        this.recovery = judged;
        if (!failures.isEmpty() && (COMPLETED.equals(outcome) || UNDER_TARGET.equals(outcome))) {
            String why = "the service did not recover after the ramp-down: " + String.join("; ", failures);
            this.verdictReason = verdictReason == null ? why : verdictReason + "; " + why;
            this.outcome = NOT_RECOVERED;
        }
    }

    /** A completed cycle waits for its recovery to be judged: {@code recovering} until {@link #recoveryJudged}. */
    public void awaitRecovery() {
        if (COMPLETED.equals(outcome) || UNDER_TARGET.equals(outcome)) {
            outcomeBeforeRecovery = outcome;
            outcome = RECOVERING;
        }
    }

    public Map<String, Object> recovery() {
        return recovery;
    }

    public String kneeBasis() {
        return kneeBasis;
    }

    public SloKneeResult slo() {
        return slo;
    }

    /** A report still running when its process died; the history marks it so at the next start. */
    public void interrupted(String reason) {
        this.outcome = INTERRUPTED;
        this.reason = reason;
    }

    /**
     * The last instant the report recorded: its start, or the latest start, hold, ramp-down or end of a phase. An
     * interrupted cycle ran at least until then; when it stopped after that is unknown.
     */
    public long lastRecordedMs() {
        long last = startedAtMs;
        for (PhaseRunReport run : phases) {
            last = Math.max(last, run.startedAtMs());
            for (Long at : new Long[] {run.holdStartedAtMs(), run.rampDownStartedAtMs(), run.endedAtMs()}) {
                if (at != null) {
                    last = Math.max(last, at);
                }
            }
        }
        return last;
    }

    /** One phase as planned, copied from the cycles file (or a quick test) when the cycle starts. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
    public static final class PlannedPhase {
        private String phase;
        private double minLoad;
        private double maxLoad;
        private double targetLoadPercent;
        private double durationSeconds;
        private double rampUpSeconds;
        private double rampDownSeconds;
        private ResourceWeights weights;
        private Map<String, ThresholdSpec> safetyThresholds;
        private String rampingStrategy;
        private boolean adaptive;

        private PlannedPhase() {
        }

        public static PlannedPhase of(Phase phase, PhaseSpec spec) {
            PlannedPhase planned = new PlannedPhase();
            planned.phase = phase.wireName();
            planned.minLoad = spec.minLoad();
            planned.maxLoad = spec.maxLoad();
            planned.targetLoadPercent = spec.effectiveTarget();
            planned.durationSeconds = spec.durationSeconds();
            planned.rampUpSeconds = spec.rampUpSeconds();
            planned.rampDownSeconds = spec.rampDownSeconds();
            planned.weights = spec.weights();
            planned.safetyThresholds = spec.safetyThresholds();
            planned.rampingStrategy = spec.rampingStrategy().wireName();
            planned.adaptive = spec.adaptive();
            return planned;
        }

        public String phase() {
            return phase;
        }

        public double targetLoadPercent() {
            return targetLoadPercent;
        }

        public ResourceWeights weights() {
            return weights;
        }

        public boolean adaptive() {
            return adaptive;
        }
    }
}
