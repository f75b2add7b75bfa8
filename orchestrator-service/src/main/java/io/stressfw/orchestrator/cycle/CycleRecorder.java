package io.stressfw.orchestrator.cycle;

import io.stressfw.model.CycleEndedDetails;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEndedDetails;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.PhaseStartedDetails;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.Violation;
import io.stressfw.orchestrator.cluster.HostLoad;
import io.stressfw.orchestrator.cluster.NetworkLink;
import io.stressfw.orchestrator.history.CycleRunReport;
import io.stressfw.orchestrator.history.PhaseRunReport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps one cycle's {@link CycleRunReport} as the cycle runs: each engine event moves the report on; the agents'
 * achieved load at each tick is averaged per phase (over the hold when it held, else over the whole phase); and over
 * each hold, per resource the commanded target against the agents' achieved percent ({@link PhaseTally}), and every
 * host sample's metrics. A phase that completes with a resource short of its target by more than the tolerance is
 * {@code under_target}, and so is the cycle. IDLE's hold leaves the cycle's baseline, which every later phase's host
 * metrics are shown against. Plain Java, not thread-safe: the service calls it under its lock, like the engine.
 */
public final class CycleRecorder {
    static final String NO_KNEE = "no knee found: no evaluation of this phase was stable on measured data";

    private final CycleRunReport report;
    private final List<PhasePlan> plan;
    private final ResourceTolerances tolerances;
    private final Mean holdAchieved = new Mean();
    private final Mean phaseAchieved = new Mean();
    private final ScopeMeans scopes = new ScopeMeans();
    private PhaseTally tally;
    private Map<String, Map<String, Double>> baseline = Map.of();
    private int phaseIndex = -1;
    private final Map<String, Long> lastHostSampleMs = new HashMap<>();

    public CycleRecorder(String cycleId, List<PhasePlan> plan, SafetyOverride override, long startedAtMs,
                         ResourceTolerances tolerances) {
        this.plan = List.copyOf(plan);
        this.tolerances = tolerances;
        this.tally = new PhaseTally(tolerances);
        this.report = CycleRunReport.started(cycleId, startedAtMs, override.checks(),
                plan.stream().map(p -> CycleRunReport.PlannedPhase.of(p.phase(), p.spec())).toList());
        report.safetyOverridden(override.watchdog(), override.by());
    }

    public CycleRunReport report() {
        return report;
    }

    public String outcome() {
        return report.outcome();
    }

    /** The agents' mean achieved load at one tick, in {@code stage} of the current phase; null: nothing measured. */
    public void recordAchieved(Double achievedLoadPercent, Stage stage) {
        if (achievedLoadPercent == null || report.currentPhase() == null) {
            return;
        }
        if (stage == Stage.HOLD) {
            holdAchieved.add(achievedLoadPercent);
        }
        phaseAchieved.add(achievedLoadPercent);
    }

    /** Each scope's target against achieved, and each network link's Mbps, at one tick in {@code stage}. */
    public void recordHosts(List<HostLoad> hosts, List<NetworkLink> links, Stage stage) {
        if (report.currentPhase() != null) {
            scopes.record(hosts, links, stage);
        }
    }

    /**
     * One tick of the current phase at {@code nowMs}: during the hold, the load commanded and each resource's
     * achieved percent (mean over the agents, null where none reported) count towards the phase's verdict.
     */
    public void recordResources(long nowMs, Stage stage, double commandedLoad, ResourceWeights weights,
                                Map<String, Double> achievedByResource) {
        if (stage == Stage.HOLD && report.currentPhase() != null) {
            tally.tick(nowMs, commandedLoad, weights, achievedByResource);
        }
    }

    /**
     * A host's latest sample, received at {@code receivedMs}, seen at a tick in {@code stage} of the current phase:
     * counted once when the phase holds (a sample seen again at the next tick is not counted twice).
     */
    public void recordHostSample(String hostId, long receivedMs, Map<String, Double> metrics, Stage stage) {
        Long last = lastHostSampleMs.put(hostId, receivedMs);
        if (stage == Stage.HOLD && report.currentPhase() != null && (last == null || receivedMs > last)) {
            tally.hostSample(hostId, metrics);
        }
    }

    public void recordViolation(Violation violation) {
        report.violationSeen(violation);
    }

    public void record(CycleEvent event) {
        PhaseRunReport run = report.currentPhase();
        switch (event.type()) {
            case PHASE_STARTED -> {
                holdAchieved.reset();
                phaseAchieved.reset();
                scopes.reset();
                tally = new PhaseTally(tolerances);
                phaseIndex = event.details(PhaseStartedDetails.class).phaseIndex();
                report.phaseStarted(event.phase().wireName(), event.timestampMs(), event.targetLoadPercent());
            }
            case HOLD_STARTED -> run.holdStarted(event.timestampMs());
            case RAMP_DOWN_STARTED -> run.rampDownStarted(event.timestampMs());
            case LOAD_ADJUSTED -> run.targetAdjusted(event.targetLoadPercent());
            case PHASE_COMPLETED, PHASE_ABORTED -> phaseEnded(run, event);
            case CYCLE_COMPLETED, CYCLE_ABORTED -> {
                CycleEndedDetails details = event.details(CycleEndedDetails.class);
                report.cycleEnded(event.timestampMs(), event.type() == PhaseEventType.CYCLE_COMPLETED,
                        details.abortedBy() == null ? null : details.abortedBy().wireName(), event.reason(),
                        details.kneeLoadPercent());
            }
            case CYCLE_STARTED -> {
            }
        }
    }

    private void phaseEnded(PhaseRunReport run, CycleEvent event) {
        Mean achieved = holdAchieved.count > 0 ? holdAchieved : phaseAchieved;
        Double knee = event.details(PhaseEndedDetails.class).kneeLoadPercent();
        run.ended(event.timestampMs(), event.type() == PhaseEventType.PHASE_COMPLETED, event.targetLoadPercent(),
                achieved.count > 0 ? round(achieved.value()) : null, knee);
        run.scopesMeasured(scopes.hosts(), scopes.links());
        boolean idle = event.phase() == Phase.IDLE;
        run.measured(tally.resources(), tally.hostSummaries(idle ? Map.of() : baseline));
        if (idle && run.holdStartedAtMs() != null) {
            baseline = tally.hostMeans();
            report.baselineTaken(baseline);
        }
        boolean adaptive = phaseIndex >= 0 && phaseIndex < plan.size() && plan.get(phaseIndex).spec().adaptive();
        if (adaptive && knee == null) {
            run.noKneeFound(NO_KNEE);
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** A running mean. */
    private static final class Mean {
        private double sum;
        private int count;

        void add(double value) {
            sum += value;
            count++;
        }

        double value() {
            return sum / count;
        }

        void reset() {
            sum = 0;
            count = 0;
        }
    }
}
