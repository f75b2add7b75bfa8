package io.stressfw.safety.engine;

import io.stressfw.model.BreakerState;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.PhaseStartedDetails;
import io.stressfw.model.ThresholdSpec;
import io.stressfw.model.Violation;
import io.stressfw.safety.breaker.BreakerRegistry;
import io.stressfw.safety.breaker.BreakerView;
import io.stressfw.safety.breaker.CircuitBreaker;
import io.stressfw.safety.preflight.BreakerStanding;
import io.stressfw.safety.preflight.PreflightPhase;
import io.stressfw.safety.preflight.Preflight;
import io.stressfw.safety.preflight.PreflightReport;
import io.stressfw.model.Comparison;
import io.stressfw.safety.rule.GlobalOverride;
import io.stressfw.safety.rule.RuleCondition;
import io.stressfw.safety.rule.ThresholdRule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The safety decisions, framework-free. Wires the parts to the three inputs: every rule in force
 * ({@link RuleBook}) evaluated on every sample as it arrives ({@link SourceTracker} keeps each source's conditions),
 * phase events that set the cycle ({@link CycleTracker}) and the phase's rules, and the timer that finds silent
 * sources and cools breakers ({@link BreakerRegistry}). What a signal leads to is {@link RuleEnforcer}'s; pre-flight
 * is {@link Preflight}'s over a snapshot. Each input returns a {@link SafetyOutput} for the caller to publish. All
 * methods are synchronized: inputs come from the Kafka consumers, a timer and REST at once, and each call is
 * microseconds.
 */
public final class SafetyEngine {
    public static final String STALE_RULE_ID = "stale-source";
    public static final String SAMPLE_GAP_METRIC = "sample_gap";
    public static final String ISSUER = "safety-service";

    private final SafetyEngineSettings settings;
    private final LongSupplier clock;
    private final LongSupplier monotonic;
    private final ThresholdRule staleRule;
    private final long skewWarningMs;
    private final long forgetMs;
    private final RuleBook rules;
    private final BreakerRegistry breakers;
    private final SourceTracker sources;
    private final ViolationLog violations;
    private final CycleTracker cycle = new CycleTracker();
    private final RuleEnforcer enforcer;
    private final Preflight preflight;
    private final BreakerClearance clearance;
    private final PhaseRuleArming arming;
    private long samplesEvaluated;

    public SafetyEngine(SafetyEngineSettings settings, List<ThresholdRule> globalRules, EngineClocks clocks,
                        Supplier<String> ids) {
        if (settings == null || clocks == null || ids == null) {
            throw new IllegalArgumentException("settings, clocks and id supplier are required");
        }
        this.settings = settings;
        this.clock = clocks.wallMs();
        this.monotonic = clocks.monotonicMs();
        long staleGapMs = settings.staleGap().toMillis();
        this.skewWarningMs = settings.clockSkewWarning().toMillis();
        this.forgetMs = settings.forgetSourceAfter().toMillis();
        this.staleRule = ThresholdRule.simple(STALE_RULE_ID, SAMPLE_GAP_METRIC, Comparison.ABOVE, staleGapMs / 1000.0,
                settings.staleAction());
        this.rules = new RuleBook(globalRules, Set.of(STALE_RULE_ID));
        this.breakers = new BreakerRegistry(settings.breakerCooldown().toMillis(), settings.breakerHealthyPeriod().toMillis());
        this.sources = new SourceTracker(staleRule, staleGapMs, forgetMs, breakers, settings.preflightHistory().toMillis());
        this.violations = new ViolationLog(settings.recentViolations());
        this.enforcer = new RuleEnforcer(breakers, violations, cycle, staleRule, ids, settings.stopRepeatInterval().toMillis());
        this.preflight = new Preflight(settings.preflightSampleAge(), settings.minMemoryFreePercent(),
                settings.minDiskFreePercent());
        this.clearance = new BreakerClearance(STALE_RULE_ID, staleGapMs, settings.preflightSampleAge().toMillis());
        this.arming = new PhaseRuleArming(settings.phaseRuleSettle().toMillis());
    }

    /** One clock for wall and monotonic time (tests move it by hand). */
    public SafetyEngine(SafetyEngineSettings settings, List<ThresholdRule> globalRules, LongSupplier clock,
                        Supplier<String> ids) {
        this(settings, globalRules, EngineClocks.single(clock), ids);
    }

    public SafetyEngine(SafetyEngineSettings settings, List<ThresholdRule> globalRules) {
        this(settings, globalRules, EngineClocks.system(), () -> UUID.randomUUID().toString());
    }

    // ---- inputs -------------------------------------------------------------------------------------------------

    /**
     * Evaluates every rule in force on one sample as it arrives. The sample's own stamp decides nothing: a source
     * whose clock is minutes off is evaluated and watched for silence like any other, and its skew is measured (a
     * note when it goes beyond the warning limit). Replays are kept out before this, by the sample's place in the log
     * (see {@code SamplesReplayBoundary}).
     */
    public synchronized SafetyOutput onSample(MetricSample sample) {
        long now = clock.getAsLong();
        SafetyOutput out = new SafetyOutput();
        samplesEvaluated++;
        armDueRules();
        SourceTracker.Source source = sources.heard(sample, monotonic.getAsLong(), now, rules);
        if (source.skew().crossedAbove(skewWarningMs)) {
            long skew = source.skew().estimateMs();
            out.note(String.format(Locale.ROOT, "the clock of %s is %.1f s %s safety-service's (more than %s"
                            + " off; samples are judged by arrival, so it is still evaluated)", source.id(),
                    Math.abs(skew) / 1000.0, skew < 0 ? "behind" : "ahead of", settings.clockSkewWarning()));
        }
        RuleCondition stale = source.staleCondition();
        if (stale.active() || source.breaker(STALE_RULE_ID) != null) {
            enforcer.apply(staleRule, stale, source, stale.observe(now, 0), now, out, sample);
        }
        Map<String, Double> metrics = sample.metrics();
        ThresholdRule[] inForce = rules.inForceArray();
        for (int i = 0; i < inForce.length; i++) {
            ThresholdRule rule = inForce[i];
            if (!rule.appliesTo(sample.sourceKind())) {
                continue;
            }
            Double value = metrics.get(rule.metric());
            if (value == null || !Double.isFinite(value)) {
                continue;
            }
            rules.valueSeen(i, now);
            RuleCondition condition = source.condition(i);
            enforcer.apply(rule, condition, source, condition.observe(now, value), now, out, sample);
        }
        if (sample.lastOfSource()) {
            sources.left(sample.sourceId());
        }
        return out;
    }

    /**
     * Follows the cycle: whether one runs, which phase, and the phase's {@code safety_thresholds}. A new cycle closes
     * the OPEN breakers whose cause is over ({@link BreakerClearance}): left open, one would keep its rule from
     * raising violations (and so from stopping or throttling the new cycle) until its cooldown ends.
     */
    public synchronized SafetyOutput onPhaseEvent(PhaseEvent event) {
        SafetyOutput out = new SafetyOutput();
        switch (event.type()) {
            case CYCLE_STARTED -> {
                boolean newCycle = !cycle.running() || !event.cycleId().equals(cycle.cycleId());
                cycle.follow(event.cycleId());
                rules.replacePhase(List.of());
                if (newCycle) {
                    arming.cycleStarted(monotonic.getAsLong());
                    clearance.closeWhereCauseIsOver(breakers, cycle, rules, sources, clock.getAsLong(),
                            monotonic.getAsLong()).forEach(out::add);
                }
            }
            case PHASE_STARTED -> {
                cycle.follow(event.cycleId());
                cycle.enterPhase(event.phase());
                rules.replacePhase(arming.phaseStarted(phaseRules(event, out), monotonic.getAsLong()));
            }
            case HOLD_STARTED, RAMP_DOWN_STARTED, LOAD_ADJUSTED -> {
                cycle.follow(event.cycleId());
                if (event.phase() != null) {
                    cycle.enterPhase(event.phase());
                }
            }
            case PHASE_COMPLETED, PHASE_ABORTED -> {
                if (cycle.leavePhase(event.cycleId())) {
                    arming.clear();
                    rules.replacePhase(List.of());
                }
            }
            case CYCLE_COMPLETED, CYCLE_ABORTED -> {
                if (cycle.end(event.cycleId())) {
                    arming.clear();
                    rules.replacePhase(List.of());
                }
            }
        }
        return out;
    }

    /**
     * The timer: breakers whose cooldown is over half-open, stale sources (only during a cycle) are violations,
     * long-silent sources are forgotten.
     */
    public synchronized SafetyOutput tick() {
        long now = clock.getAsLong();
        SafetyOutput out = new SafetyOutput();
        armDueRules();
        breakers.tick(now, ruleId -> ruleId.equals(STALE_RULE_ID) || rules.inForce(ruleId)).forEach(out::add);
        for (SourceTracker.Silence silence : sources.sweep(monotonic.getAsLong(), cycle.running())) {
            RuleCondition stale = silence.source().staleCondition();
            enforcer.apply(staleRule, stale, silence.source(), stale.observe(now, silence.gapMs() / 1000.0), now, out, null);
        }
        return out;
    }

    private void armDueRules() {
        arming.due(monotonic.getAsLong()).ifPresent(rules::replacePhase);
    }

    // ---- rules --------------------------------------------------------------------------------------------------

    /** Replaces the global rule set (PUT /safety/thresholds); conditions of unchanged rules keep their state. */
    public synchronized void replaceGlobalRules(List<ThresholdRule> globalRules) {
        rules.replaceGlobal(globalRules);
    }

    public synchronized List<ThresholdRule> globalRules() {
        return rules.global();
    }

    public synchronized List<ThresholdRule> phaseRules() {
        return rules.phase();
    }

    /** The global rules the running phase replaces by an explicit {@code override_global}. */
    public synchronized List<GlobalOverride> overrides() {
        return rules.overrides();
    }

    public ThresholdRule staleRule() {
        return staleRule;
    }

    public synchronized List<RuleStatus> ruleStatuses() {
        long now = clock.getAsLong();
        List<ThresholdRule> inForce = rules.inForce();
        List<RuleStatus> statuses = new ArrayList<>(inForce.size());
        for (int i = 0; i < inForce.size(); i++) {
            ThresholdRule rule = inForce.get(i);
            Long at = rules.lastValueAtMs(i);
            boolean hasData = at != null && now - at <= forgetMs;
            statuses.add(new RuleStatus(rule.id(), rule.metric(), rule.scope().wireName(), hasData ? "ok" : "no_data", at,
                    sources.activeSources(i, rules.version())));
        }
        return statuses;
    }

    // ---- breakers, violations, cycle ----------------------------------------------------------------------------

    public synchronized List<BreakerView> breakers() {
        return breakers.views();
    }

    public synchronized Map<BreakerState, Integer> breakerCounts() {
        return breakers.counts();
    }

    /** Closes a breaker by hand; null when there is no breaker of that id. */
    public synchronized ResetResult resetBreaker(String breakerId) {
        CircuitBreaker breaker = breakers.get(breakerId);
        if (breaker == null) {
            return null;
        }
        SafetyOutput out = new SafetyOutput();
        out.add(breaker.reset(clock.getAsLong(), "reset by operator"));
        return new ResetResult(breaker.view(), out);
    }

    public record ResetResult(BreakerView breaker, SafetyOutput output) {
    }

    /** The most recent violations, newest first. */
    public synchronized List<Violation> recentViolations(int limit) {
        return violations.recent(limit);
    }

    public synchronized boolean cycleRunning() {
        return cycle.running();
    }

    public synchronized String cycleId() {
        return cycle.cycleId();
    }

    public synchronized Phase phase() {
        return cycle.phase();
    }

    public synchronized long samplesEvaluated() {
        return samplesEvaluated;
    }

    /** Every source heard within the forget period: last heard, silence, clock skew. */
    public synchronized List<SourceStatus> sources() {
        return sources.statuses(monotonic.getAsLong(), skewWarningMs);
    }

    /** The largest clock skew of any source, either way, in ms (0 without sources). */
    public synchronized long maxClockSkewMs() {
        return sources.maxAbsSkewMs();
    }

    public SafetyEngineSettings settings() {
        return settings;
    }

    // ---- pre-flight ---------------------------------------------------------------------------------------------

    /**
     * Are the hosts fit for a cycle? {@link Preflight} on a snapshot of the sources, the rules in force and the open
     * breakers as they stand ({@link BreakerClearance}); {@code planned} are the phases about to run.
     */
    public PreflightReport preflight(Collection<String> hosts, List<PreflightPhase> planned) {
        Preflight.Snapshot snapshot;
        synchronized (this) {
            // Pre-flight judges freshness and replays windows by arrival, on the monotonic clock.
            long now = monotonic.getAsLong();
            List<BreakerStanding> open = breakers.open().stream()
                    .map(b -> clearance.judge(b, cycle, rules, sources, now)).toList();
            snapshot = new Preflight.Snapshot(now, sources.readings(now), rules.inForce(), rules.global(), open);
        }
        return preflight.check(snapshot, hosts, planned);
    }

    // ---- internals ----------------------------------------------------------------------------------------------

    /**
     * Each threshold becomes a phase rule of its own, added to the global ones. One that cannot be a rule (a metric
     * name no rule id may hold) costs only itself: the phase runs with the others and the note says what was skipped.
     */
    private static List<ThresholdRule> phaseRules(PhaseEvent event, SafetyOutput out) {
        Map<String, ThresholdSpec> thresholds = event.details(PhaseStartedDetails.class).safetyThresholds();
        String phaseName = event.phase() == null ? "any" : event.phase().wireName();
        List<ThresholdRule> phaseRules = new ArrayList<>(thresholds.size());
        thresholds.forEach((metric, spec) -> {
            try {
                phaseRules.add(ThresholdRule.ofPhase(phaseName, metric, spec));
            } catch (IllegalArgumentException e) {
                out.note("phase threshold skipped: details.safety_thresholds." + metric + ": " + e.getMessage());
            }
        });
        return phaseRules;
    }
}
