package io.stressfw.orchestrator.cycle;

import io.stressfw.model.AbortedBy;
import io.stressfw.model.Checks;
import io.stressfw.model.CycleEndedDetails;
import io.stressfw.model.CycleStartedDetails;
import io.stressfw.model.HoldStartedDetails;
import io.stressfw.model.LoadAdjustedDetails;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEndedDetails;
import io.stressfw.model.PhaseEventDetails;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.PhaseStartedDetails;
import io.stressfw.model.RampDownStartedDetails;
import io.stressfw.model.ResourceWeights;
import io.stressfw.orchestrator.adaptive.AdaptiveDecision;
import io.stressfw.orchestrator.adaptive.AdaptiveEngine;
import io.stressfw.plan.AdaptiveProfile;
import io.stressfw.orchestrator.adaptive.AdaptiveStep;
import io.stressfw.orchestrator.adaptive.AchievedLoadWindow;
import io.stressfw.orchestrator.adaptive.SystemResponse;
import io.stressfw.plan.PhaseSpec;
import io.stressfw.orchestrator.slo.SloKneeFinder;
import io.stressfw.orchestrator.slo.SloKneeResult;
import io.stressfw.model.SloSpec;
import io.stressfw.orchestrator.ramping.RampCurve;
import io.stressfw.model.RampingStrategy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one cycle: the planned phases in order, each ramping from the load it inherits to its target over
 * {@code ramp_up_seconds} on its curve (or under the adaptive engine), then holding for {@code duration_seconds};
 * after the last phase it ramps down to zero over that phase's {@code ramp_down_seconds}. A graceful stop ramps
 * down from wherever the cycle is over the current phase's ramp-down. Not thread-safe: the service calls it
 * under one lock; time comes only from the {@link Clock}, so tests drive it with a fake one.
 *
 * <p>Longer than most classes here on purpose: it is one state machine (stage, index, targets, load) whose
 * transitions read and write the same fields; split, each part would need all of them.
 */
public final class CycleEngine {
    private final String cycleId;
    private final List<PhasePlan> plan;
    private final double[] targets;
    private final boolean[] adaptiveOn;
    private final AdaptiveProfile profile;
    private final Clock clock;
    private final long evaluationIntervalMs;
    /** The last half of each evaluation interval: after the agents took up the load the last evaluation set. */
    private final AchievedLoadWindow achieved;

    private CycleState state = CycleState.IDLE;
    private int index = -1;
    private Stage stage = Stage.RAMP_UP;
    private long phaseStartMs;
    private long stageStartMs;
    private long stageLengthMs;
    private double stageFrom;
    private double load;
    private AdaptiveEngine adaptive;
    private SloKneeFinder slo;
    private long lastEvaluationMs;
    private Double knee;
    private AbortedBy abortedBy;
    private String abortReason;

    public CycleEngine(String cycleId, List<PhasePlan> plan, AdaptiveProfile profile, Clock clock,
                       long evaluationIntervalMs, double startLoad) {
        Checks.notBlank(cycleId, "cycle id");
        if (plan == null || plan.isEmpty()) {
            throw new IllegalArgumentException("plan must contain at least one phase");
        }
        if (profile == null || clock == null) {
            throw new IllegalArgumentException("profile and clock are required");
        }
        Checks.positive(evaluationIntervalMs, "evaluation interval");
        Checks.between(startLoad, 0, 100, "start load");
        this.cycleId = cycleId;
        this.plan = List.copyOf(plan);
        this.targets = new double[plan.size()];
        this.adaptiveOn = new boolean[plan.size()];
        for (int i = 0; i < plan.size(); i++) {
            targets[i] = plan.get(i).spec().effectiveTarget();
            adaptiveOn[i] = plan.get(i).spec().adaptive();
        }
        this.profile = profile;
        this.clock = clock;
        this.evaluationIntervalMs = evaluationIntervalMs;
        this.achieved = new AchievedLoadWindow(Math.max(1, evaluationIntervalMs / 2));
        this.load = startLoad;
    }

    public String cycleId() {
        return cycleId;
    }

    /**
     * Adaptive phases climb by this SLO (before {@link #start}): the knee becomes the highest load at which it held
     * for a whole window. Null keeps the resource signals.
     */
    public CycleEngine withSlo(SloSpec spec) {
        if (state != CycleState.IDLE) {
            throw new IllegalStateException("the SLO is set before the cycle starts");
        }
        slo = spec == null ? null : new SloKneeFinder(spec);
        return this;
    }

    /** What the SLO said about the loads tried; null without an SLO or before any adaptive phase ran. */
    public SloKneeResult sloResult() {
        return slo == null || !anyAdaptive() ? null : slo.result();
    }

    public List<PhasePlan> plan() {
        return plan;
    }

    public CycleState state() {
        return state;
    }

    public boolean finished() {
        return state == CycleState.COMPLETED || state == CycleState.ABORTED;
    }

    public double load() {
        return load;
    }

    public Phase phase() {
        return plan.get(Math.max(0, index)).phase();
    }

    public ResourceWeights weights() {
        return plan.get(Math.max(0, index)).spec().weights();
    }

    public double currentTarget() {
        return targets[Math.max(0, index)];
    }

    public Stage stage() {
        return stage;
    }

    public AbortedBy abortedBy() {
        return abortedBy;
    }

    public String abortReason() {
        return abortReason;
    }

    /** The highest load an adaptive phase held stably; null when no phase was adaptive or none was stable. */
    public Double kneeLoadPercent() {
        return knee;
    }

    public boolean anyAdaptive() {
        return plan.stream().anyMatch(p -> p.spec().adaptive());
    }

    public List<CycleEvent> start() {
        if (state != CycleState.IDLE) {
            throw new IllegalStateException("cycle " + cycleId + " already started");
        }
        long now = clock.millis();
        List<CycleEvent> events = new ArrayList<>();
        events.add(new CycleEvent(now, PhaseEventType.CYCLE_STARTED, null, null, null,
                new CycleStartedDetails(plan.stream().map(PhasePlan::phase).toList(), plannedSeconds())));
        state = CycleState.RUNNING;
        startPhase(0, now, events);
        return events;
    }

    public List<CycleEvent> tick(Observation observation) {
        List<CycleEvent> events = new ArrayList<>();
        if (state != CycleState.RUNNING && state != CycleState.STOPPING) {
            return events;
        }
        Observation obs = observation == null ? Observation.NONE : observation;
        long now = clock.millis();
        boolean moved = true;
        while (moved && !finished()) {
            moved = false;
            long boundary = stageStartMs + stageLengthMs;
            PhaseSpec spec = plan.get(index).spec();
            switch (stage) {
                case RAMP_UP -> {
                    if (adaptiveOn[index]) {
                        evaluateAdaptive(Math.min(now, boundary), obs, events);
                    } else {
                        load = RampCurve.load(curveOf(spec), stageFrom, targets[index], fraction(now));
                    }
                    if (now >= boundary) {
                        if (!adaptiveOn[index]) {
                            load = targets[index];
                        }
                        enterStage(Stage.HOLD, boundary, seconds(spec.durationSeconds()));
                        events.add(event(boundary, PhaseEventType.HOLD_STARTED, null, new HoldStartedDetails()));
                        moved = true;
                    }
                }
                case HOLD -> {
                    if (adaptiveOn[index]) {
                        evaluateAdaptive(Math.min(now, boundary), obs, events);
                    } else {
                        load = targets[index];
                    }
                    if (now >= boundary) {
                        if (index == plan.size() - 1) {
                            beginRampDown(boundary, null, events);
                        } else {
                            events.add(event(boundary, PhaseEventType.PHASE_COMPLETED, null, phaseEndDetails()));
                            startPhase(index + 1, boundary, events);
                        }
                        moved = true;
                    }
                }
                case RAMP_DOWN -> {
                    load = RampCurve.load(curveOf(spec), stageFrom, 0, fraction(now));
                    if (now >= boundary) {
                        load = 0;
                        finish(boundary, events);
                    }
                }
                case DONE -> {
                    return events;
                }
            }
        }
        return events;
    }

    /** Graceful stop: ramp down from the current load over the current phase's ramp-down, then end as aborted. */
    public List<CycleEvent> stop(AbortedBy by, String reason) {
        List<CycleEvent> events = new ArrayList<>();
        if (state != CycleState.RUNNING) {
            return events;
        }
        state = CycleState.STOPPING;
        abortedBy = by;
        abortReason = reason;
        if (stage != Stage.RAMP_DOWN) {
            beginRampDown(clock.millis(), reason, events);
        }
        return events;
    }

    /** Everything to zero at once; the cycle ends as aborted. */
    public List<CycleEvent> emergencyStop(AbortedBy by, String reason) {
        List<CycleEvent> events = new ArrayList<>();
        if (finished() || state == CycleState.IDLE) {
            return events;
        }
        long now = clock.millis();
        load = 0;
        abortedBy = by;
        abortReason = reason;
        state = CycleState.ABORTED;
        stage = Stage.DONE;
        events.add(event(now, PhaseEventType.PHASE_ABORTED, reason, PhaseEndedDetails.emergencyStop()));
        events.add(cycleAborted(now, true));
        return events;
    }

    /** The operator overrides a phase's target (current or later in the plan); an adaptive phase stops adapting. */
    public List<CycleEvent> adjust(Phase phase, double target) {
        if (phase == null) {
            throw new IllegalArgumentException("phase is required");
        }
        Checks.between(target, 0, 100, "target_load");
        if (state != CycleState.RUNNING) {
            throw new IllegalStateException("no running cycle to adjust");
        }
        List<Integer> affected = new ArrayList<>();
        for (int i = Math.max(0, index); i < plan.size(); i++) {
            if (plan.get(i).phase() == phase) {
                affected.add(i);
            }
        }
        if (affected.isEmpty()) {
            throw new IllegalArgumentException("phase '" + phase.wireName() + "' is not ahead in the running cycle's plan");
        }
        long now = clock.millis();
        double previous = targets[affected.get(0)];
        for (int i : affected) {
            targets[i] = target;
            adaptiveOn[i] = false;
        }
        if (affected.contains(index) && stage == Stage.RAMP_UP) {
            restartRamp(now);
        }
        List<CycleEvent> events = new ArrayList<>();
        events.add(new CycleEvent(now, PhaseEventType.LOAD_ADJUSTED, phase, target, "operator adjusted the target",
                LoadAdjustedDetails.byOperator(previous)));
        return events;
    }

    /** A throttle violation: step the current phase back by {@code step} load points below where it is now. */
    public List<CycleEvent> throttle(double step, String reason) {
        Checks.positive(step, "throttle step");
        Checks.between(step, 0, 100, "throttle step");
        List<CycleEvent> events = new ArrayList<>();
        if (state != CycleState.RUNNING || stage == Stage.RAMP_DOWN) {
            return events;
        }
        long now = clock.millis();
        double previous = targets[index];
        double next = Math.max(0, Math.min(previous, load) - step);
        targets[index] = next;
        adaptiveOn[index] = false;
        load = Math.min(load, next);
        if (stage == Stage.RAMP_UP) {
            restartRamp(now);
        }
        events.add(new CycleEvent(now, PhaseEventType.LOAD_ADJUSTED, phase(), next, reason,
                LoadAdjustedDetails.byThrottle(previous, step)));
        return events;
    }

    public EngineSnapshot snapshot() {
        long now = clock.millis();
        if (index < 0) {
            return new EngineSnapshot(cycleId, state, plan.get(0).phase(), 0, stage, load, targets[0],
                    plan.get(0).spec().weights(), 0, 0, plannedPhaseSeconds(0), knee);
        }
        double elapsed = Math.max(0, (now - phaseStartMs) / 1000.0);
        double remaining;
        double progress;
        if (finished()) {
            remaining = 0;
            progress = 1;
        } else if (state == CycleState.STOPPING) {
            remaining = Math.max(0, (stageStartMs + stageLengthMs - now) / 1000.0);
            progress = Math.min(1, elapsed / Math.max(0.001, elapsed + remaining));
        } else {
            double planned = plannedPhaseSeconds(index);
            remaining = Math.max(0, planned - elapsed);
            progress = planned <= 0 ? 1 : Math.min(1, elapsed / planned);
        }
        return new EngineSnapshot(cycleId, state, phase(), index, stage, load, targets[index], weights(), progress,
                elapsed, remaining, knee);
    }

    private double plannedPhaseSeconds(int i) {
        PhaseSpec spec = plan.get(i).spec();
        return spec.rampUpSeconds() + spec.durationSeconds() + (i == plan.size() - 1 ? spec.rampDownSeconds() : 0);
    }

    private double plannedSeconds() {
        double total = 0;
        for (int i = 0; i < plan.size(); i++) {
            total += plannedPhaseSeconds(i);
        }
        return total;
    }

    private void startPhase(int i, long at, List<CycleEvent> events) {
        index = i;
        phaseStartMs = at;
        PhaseSpec spec = plan.get(i).spec();
        enterStage(Stage.RAMP_UP, at, seconds(spec.rampUpSeconds()));
        if (adaptiveOn[i]) {
            adaptive = new AdaptiveEngine(profile, spec.minLoad(), spec.maxLoad(), load);
            load = adaptive.load();
            lastEvaluationMs = at;
            achieved.clear();
            if (slo != null) {
                slo.band(spec.minLoad(), spec.maxLoad());
            }
        } else {
            adaptive = null;
        }
        events.add(event(at, PhaseEventType.PHASE_STARTED, null, new PhaseStartedDetails(spec.safetyThresholds(),
                spec.durationSeconds(), spec.rampUpSeconds(), spec.rampDownSeconds(), targets[i], spec.minLoad(),
                spec.maxLoad(), spec.weights(), spec.rampingStrategy(), adaptiveOn[i], i, plan.size())));
    }

    private void beginRampDown(long at, String reason, List<CycleEvent> events) {
        PhaseSpec spec = plan.get(index).spec();
        enterStage(Stage.RAMP_DOWN, at, seconds(spec.rampDownSeconds()));
        stageFrom = load;
        events.add(event(at, PhaseEventType.RAMP_DOWN_STARTED, reason, new RampDownStartedDetails(load)));
    }

    private void finish(long at, List<CycleEvent> events) {
        stage = Stage.DONE;
        if (state == CycleState.STOPPING) {
            state = CycleState.ABORTED;
            events.add(event(at, PhaseEventType.PHASE_ABORTED, abortReason, phaseEndDetails()));
            events.add(cycleAborted(at, false));
        } else {
            state = CycleState.COMPLETED;
            events.add(event(at, PhaseEventType.PHASE_COMPLETED, null, phaseEndDetails()));
            events.add(new CycleEvent(at, PhaseEventType.CYCLE_COMPLETED, null, null, null,
                    new CycleEndedDetails(null, false, anyAdaptive(), knee)));
        }
    }

    private CycleEvent cycleAborted(long at, boolean emergency) {
        return new CycleEvent(at, PhaseEventType.CYCLE_ABORTED, phase(), null, abortReason,
                new CycleEndedDetails(abortedBy, emergency, anyAdaptive(), knee));
    }

    private PhaseEndedDetails phaseEndDetails() {
        Double phaseKnee = adaptive == null ? null : slo != null ? slo.kneeLoadPercent() : adaptive.kneeLoadPercent();
        return new PhaseEndedDetails(targets[index], phaseKnee, false);
    }

    private void evaluateAdaptive(long at, Observation obs, List<CycleEvent> events) {
        achieved.add(at, obs.achievedLoadPercent());
        if (at - lastEvaluationMs < evaluationIntervalMs) {
            return;
        }
        lastEvaluationMs = at;
        SystemResponse response = new SystemResponse(load, achieved.mean(at), obs.memoryUsagePercent(),
                obs.probeLatencyMs(), obs.probeErrorRate());
        AdaptiveStep step = slo == null ? adaptive.evaluate(response)
                : adaptive.evaluate(response, slo.observe(at, load, obs.probeMetrics()));
        load = step.nextLoad();
        targets[index] = load;
        Double phaseKnee = slo != null ? slo.kneeLoadPercent() : adaptive.kneeLoadPercent();
        if (phaseKnee != null) {
            knee = knee == null ? phaseKnee : Math.max(knee, phaseKnee);
        }
        if (step.decision() == AdaptiveDecision.BACK_OFF) {
            events.add(new CycleEvent(at, PhaseEventType.LOAD_ADJUSTED, phase(), load, slo != null
                    ? "adaptive back-off: SLO broken" : "adaptive back-off: system degraded",
                    LoadAdjustedDetails.byAdaptiveBackOff(step.previousLoad(), step.score())));
        }
    }

    private void restartRamp(long now) {
        long remaining = Math.max(0, stageStartMs + stageLengthMs - now);
        stageFrom = load;
        stageStartMs = now;
        stageLengthMs = remaining;
    }

    private void enterStage(Stage next, long at, long lengthMs) {
        stage = next;
        stageStartMs = at;
        stageLengthMs = lengthMs;
        stageFrom = load;
    }

    private double fraction(long now) {
        return stageLengthMs <= 0 ? 1 : Math.min(1, (now - stageStartMs) / (double) stageLengthMs);
    }

    private static RampingStrategy curveOf(PhaseSpec spec) {
        return spec.rampingStrategy();
    }

    private CycleEvent event(long at, PhaseEventType type, String reason, PhaseEventDetails details) {
        return new CycleEvent(at, type, phase(), targets[index], reason, details);
    }

    private static long seconds(double s) {
        return Math.round(s * 1000);
    }
}
