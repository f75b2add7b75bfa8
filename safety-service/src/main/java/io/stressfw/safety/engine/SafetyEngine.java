package io.stressfw.safety.engine;

import io.stressfw.model.BreakerState;
import io.stressfw.model.MetricNames;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.SourceKind;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.safety.breaker.CircuitBreaker;
import io.stressfw.safety.rule.Comparison;
import io.stressfw.safety.rule.RuleCondition;
import io.stressfw.safety.rule.RuleFormatException;
import io.stressfw.safety.rule.RuleParser;
import io.stressfw.safety.rule.Signal;
import io.stressfw.safety.rule.ThresholdRule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The safety decisions, framework-free: every rule evaluated on every sample as it arrives, per-phase thresholds
 * from phase events, stale sources found by {@link #tick()}, a circuit breaker per rule and source, and emergency
 * stops for {@code stop} rules. Each input returns a {@link SafetyOutput} for the caller to publish. All methods are
 * synchronized: inputs come from the Kafka consumers, a timer and REST at once, and each call is microseconds.
 *
 * <p>Rules with action {@code warn} have no breaker: they raise one violation per episode (until the value clears
 * by the hysteresis). Rules with action {@code throttle} or {@code stop} raise a violation whenever their condition
 * holds and their breaker is not OPEN, which trips it; while OPEN a {@code stop} rule that still holds repeats its
 * emergency stop at most once per {@link SafetySettings#stopRepeatInterval()}, during a running cycle.
 */
public final class SafetyEngine {
    public static final String STALE_RULE_ID = "stale-source";
    public static final String SAMPLE_GAP_METRIC = "sample_gap";
    public static final String ISSUER = "safety-service";
    private static final String PHASE_RULE_PREFIX = "phase:";

    private final SafetySettings settings;
    private final LongSupplier clock;
    private final Supplier<String> ids;
    private final ThresholdRule staleRule;
    private final long staleGapMs;
    private final long cooldownMs;
    private final long healthyMs;
    private final long stopRepeatMs;
    private final long maxSampleAgeMs;
    private final long forgetMs;

    private List<ThresholdRule> globalRules;
    private List<ThresholdRule> phaseRules = List.of();
    private ThresholdRule[] effective;
    private long[] lastValueAtMs;
    private Set<String> effectiveIds;
    private int rulesVersion;

    private final Map<String, SourceState> sources = new HashMap<>();
    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
    private final ArrayDeque<Violation> recent = new ArrayDeque<>();
    private boolean cycleRunning;
    private String cycleId;
    private Phase phase;
    private long stopSequence;
    private long samplesEvaluated;
    private long samplesTooOld;

    public SafetyEngine(SafetySettings settings, List<ThresholdRule> globalRules, LongSupplier clock, Supplier<String> ids) {
        if (settings == null || clock == null || ids == null) {
            throw new IllegalArgumentException("settings, clock and id supplier are required");
        }
        this.settings = settings;
        this.clock = clock;
        this.ids = ids;
        this.staleGapMs = settings.staleGap().toMillis();
        this.cooldownMs = settings.breakerCooldown().toMillis();
        this.healthyMs = settings.breakerHealthyPeriod().toMillis();
        this.stopRepeatMs = settings.stopRepeatInterval().toMillis();
        this.maxSampleAgeMs = settings.maxSampleAge().toMillis();
        this.forgetMs = settings.forgetSourceAfter().toMillis();
        this.staleRule = ThresholdRule.simple(STALE_RULE_ID, SAMPLE_GAP_METRIC, Comparison.ABOVE,
                staleGapMs / 1000.0, settings.staleAction());
        this.globalRules = checkedRules(globalRules);
        rebuildEffective();
    }

    public SafetyEngine(SafetySettings settings, List<ThresholdRule> globalRules) {
        this(settings, globalRules, System::currentTimeMillis, () -> UUID.randomUUID().toString());
    }

    // ---- inputs -------------------------------------------------------------------------------------------------

    /** Evaluates every rule in force on one sample. Samples older than the max sample age are history and skipped. */
    public synchronized SafetyOutput onSample(MetricSample sample) {
        long now = clock.getAsLong();
        SafetyOutput out = new SafetyOutput();
        if (sample.timestampMs() < now - maxSampleAgeMs) {
            samplesTooOld++;
            return out;
        }
        samplesEvaluated++;
        SourceState source = sources.get(sample.sourceId());
        if (source == null) {
            source = newSource(sample.sourceId(), now);
        }
        source.kind = sample.sourceKind();
        source.host = sample.host();
        source.lastSampleMs = now;
        source.lastMetrics = sample.metrics();
        if (source.stale.active() || source.breakers.containsKey(STALE_RULE_ID)) {
            handle(staleRule, source.stale, source, source.stale.observe(now, 0), now, out, sample);
        }
        if (source.version != rulesVersion) {
            source.realign(effective, rulesVersion);
        }
        Map<String, Double> metrics = sample.metrics();
        ThresholdRule[] rules = effective;
        for (int i = 0; i < rules.length; i++) {
            ThresholdRule rule = rules[i];
            if (!rule.appliesTo(sample.sourceKind())) {
                continue;
            }
            Double value = metrics.get(rule.metric());
            if (value == null || !Double.isFinite(value)) {
                continue;
            }
            lastValueAtMs[i] = now;
            RuleCondition condition = source.conditions[i];
            handle(rule, condition, source, condition.observe(now, value), now, out, sample);
        }
        return out;
    }

    /** Follows the cycle: whether one runs, which phase, and the phase's {@code safety_thresholds}. */
    public synchronized SafetyOutput onPhaseEvent(PhaseEvent event) {
        SafetyOutput out = new SafetyOutput();
        switch (event.type()) {
            case CYCLE_STARTED -> {
                startCycle(event.cycleId());
                setPhaseRules(List.of());
            }
            case PHASE_STARTED -> {
                startCycle(event.cycleId());
                phase = event.phase();
                setPhaseRules(phaseRules(event, out));
            }
            case HOLD_STARTED, RAMP_DOWN_STARTED, LOAD_ADJUSTED -> {
                startCycle(event.cycleId());
                if (event.phase() != null) {
                    phase = event.phase();
                }
            }
            case PHASE_COMPLETED, PHASE_ABORTED -> {
                if (event.cycleId().equals(cycleId)) {
                    phase = null;
                    setPhaseRules(List.of());
                }
            }
            case CYCLE_COMPLETED, CYCLE_ABORTED -> {
                if (event.cycleId().equals(cycleId)) {
                    cycleRunning = false;
                    cycleId = null;
                    phase = null;
                    setPhaseRules(List.of());
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
        for (Iterator<CircuitBreaker> it = breakers.values().iterator(); it.hasNext(); ) {
            CircuitBreaker breaker = it.next();
            out.add(breaker.tick(now));
            if (breaker.state() == BreakerState.HALF_OPEN && !breaker.ruleId().equals(STALE_RULE_ID)
                    && !effectiveIds.contains(breaker.ruleId())) {
                out.add(breaker.reset(now, "rule no longer in force"));
            }
        }
        for (Iterator<SourceState> it = sources.values().iterator(); it.hasNext(); ) {
            SourceState source = it.next();
            long gapMs = now - source.lastSampleMs;
            if (gapMs > forgetMs) {
                forget(source);
                it.remove();
            } else if (cycleRunning && gapMs > staleGapMs) {
                handle(staleRule, source.stale, source, source.stale.observe(now, gapMs / 1000.0), now, out, null);
            }
        }
        return out;
    }

    // ---- rules --------------------------------------------------------------------------------------------------

    /** Replaces the global rule set (PUT /safety/thresholds); conditions of unchanged rules keep their state. */
    public synchronized void replaceGlobalRules(List<ThresholdRule> rules) {
        globalRules = checkedRules(rules);
        rebuildEffective();
    }

    public synchronized List<ThresholdRule> globalRules() {
        return globalRules;
    }

    public synchronized List<ThresholdRule> phaseRules() {
        return phaseRules;
    }

    public ThresholdRule staleRule() {
        return staleRule;
    }

    public synchronized List<RuleStatus> ruleStatuses() {
        long now = clock.getAsLong();
        List<RuleStatus> statuses = new ArrayList<>(effective.length);
        for (int i = 0; i < effective.length; i++) {
            ThresholdRule rule = effective[i];
            long at = lastValueAtMs[i];
            boolean hasData = at != Long.MIN_VALUE && now - at <= forgetMs;
            int active = 0;
            for (SourceState source : sources.values()) {
                if (source.version == rulesVersion && source.conditions[i].active()) {
                    active++;
                }
            }
            statuses.add(new RuleStatus(rule.id(), rule.metric(), rule.id().startsWith(PHASE_RULE_PREFIX) ? "phase" : "global",
                    hasData ? "ok" : "no_data", at == Long.MIN_VALUE ? null : at, active));
        }
        return statuses;
    }

    // ---- breakers, violations, cycle ----------------------------------------------------------------------------

    public synchronized List<BreakerView> breakers() {
        return breakers.values().stream().map(SafetyEngine::view).toList();
    }

    public synchronized Map<BreakerState, Integer> breakerCounts() {
        Map<BreakerState, Integer> counts = new EnumMap<>(BreakerState.class);
        for (BreakerState state : BreakerState.values()) {
            counts.put(state, 0);
        }
        breakers.values().forEach(b -> counts.merge(b.state(), 1, Integer::sum));
        return counts;
    }

    /** Closes a breaker by hand; null when there is no breaker of that id. */
    public synchronized ResetResult resetBreaker(String breakerId) {
        CircuitBreaker breaker = breakers.get(breakerId);
        if (breaker == null) {
            return null;
        }
        SafetyOutput out = new SafetyOutput();
        out.add(breaker.reset(clock.getAsLong(), "reset by operator"));
        return new ResetResult(view(breaker), out);
    }

    public record ResetResult(BreakerView breaker, SafetyOutput output) {
    }

    /** The most recent violations, newest first. */
    public synchronized List<Violation> recentViolations(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        return recent.stream().limit(limit).toList();
    }

    public synchronized boolean cycleRunning() {
        return cycleRunning;
    }

    public synchronized String cycleId() {
        return cycleId;
    }

    public synchronized Phase phase() {
        return phase;
    }

    public synchronized long samplesEvaluated() {
        return samplesEvaluated;
    }

    public synchronized long samplesTooOld() {
        return samplesTooOld;
    }

    public SafetySettings settings() {
        return settings;
    }

    // ---- pre-flight ---------------------------------------------------------------------------------------------

    /**
     * Are the hosts fit for a cycle? Checks: host samples seen recently (each of {@code hosts}, when given), every
     * throttle/stop rule in force (plus {@code extraRules}, e.g. the planned phases' thresholds) under its limit on
     * each host's latest sample, free memory and disk above the minimums, and no OPEN breaker.
     */
    public synchronized PreflightReport preflight(Collection<String> hosts, List<ThresholdRule> extraRules) {
        long now = clock.getAsLong();
        long maxAge = settings.preflightSampleAge().toMillis();
        List<PreflightReport.Check> checks = new ArrayList<>();
        List<SourceState> recentHosts = sources.values().stream()
                .filter(s -> s.kind == SourceKind.HOST && now - s.lastSampleMs <= maxAge)
                .sorted((a, b) -> a.id.compareTo(b.id))
                .toList();
        checks.add(new PreflightReport.Check("host_samples", "*", !recentHosts.isEmpty(), recentHosts.isEmpty()
                ? "no host samples in the last " + maxAge / 1000.0 + " s"
                : recentHosts.size() + " host(s) reporting"));
        for (String host : hosts == null ? List.<String>of() : hosts) {
            boolean seen = recentHosts.stream().anyMatch(s -> host.equals(s.host) || host.equals(s.id));
            checks.add(new PreflightReport.Check("host_reporting", host, seen,
                    seen ? "recent samples" : "no sample from this host in the last " + maxAge / 1000.0 + " s"));
        }
        List<ThresholdRule> baseline = new ArrayList<>(List.of(effective));
        if (extraRules != null) {
            baseline.addAll(extraRules);
        }
        for (SourceState source : recentHosts) {
            for (ThresholdRule rule : baseline) {
                if (rule.action() == SafetyAction.WARN || !rule.appliesTo(SourceKind.HOST)) {
                    continue;
                }
                Double value = source.lastMetrics.get(rule.metric());
                if (value == null) {
                    continue;
                }
                boolean under = !rule.breaches(value);
                checks.add(new PreflightReport.Check("under_limit:" + rule.id(), source.id, under,
                        rule.metric() + " = " + round(value) + (under ? " within " : " breaks ") + rule.describe()));
            }
            checks.add(freeCheck("memory_free", MetricNames.MEMORY_USAGE, settings.minMemoryFreePercent(), source));
            checks.add(freeCheck("disk_free", MetricNames.DISK_USAGE, settings.minDiskFreePercent(), source));
        }
        List<CircuitBreaker> open = breakers.values().stream().filter(b -> b.state() == BreakerState.OPEN).toList();
        if (open.isEmpty()) {
            checks.add(new PreflightReport.Check("no_open_breaker", "*", true, "no breaker is open"));
        }
        for (CircuitBreaker breaker : open) {
            checks.add(new PreflightReport.Check("no_open_breaker", breaker.sourceId(), false,
                    "breaker " + breaker.id() + " is open until " + breaker.openUntilMs()));
        }
        boolean fit = checks.stream().allMatch(PreflightReport.Check::passed);
        return new PreflightReport(fit, checks);
    }

    private static PreflightReport.Check freeCheck(String name, String usageMetric, double minFree, SourceState source) {
        Double usage = source.lastMetrics.get(usageMetric);
        if (usage == null) {
            return new PreflightReport.Check(name, source.id, false, usageMetric + " not reported: cannot verify " + minFree + " % free");
        }
        double free = 100 - usage;
        boolean ok = free >= minFree;
        return new PreflightReport.Check(name, source.id, ok, round(free) + " % free, minimum " + minFree + " %");
    }

    // ---- internals ----------------------------------------------------------------------------------------------

    private void handle(ThresholdRule rule, RuleCondition condition, SourceState source, Signal signal, long now,
                        SafetyOutput out, MetricSample sample) {
        switch (signal) {
            case OVER -> {
                if (rule.action() == SafetyAction.WARN) {
                    if (!condition.reported()) {
                        condition.markReported();
                        raise(rule, condition, source, now, out, sample);
                    }
                    return;
                }
                CircuitBreaker breaker = breaker(source, rule, now);
                out.add(breaker.tick(now));
                if (breaker.state() != BreakerState.OPEN) {
                    condition.markReported();
                    Violation violation = raise(rule, condition, source, now, out, sample);
                    out.add(breaker.trip(now, violation.message()));
                    if (rule.action() == SafetyAction.STOP) {
                        stop(breaker, violation, now, out);
                    }
                } else if (rule.action() == SafetyAction.STOP && cycleRunning && breaker.stopCommandDue(now, stopRepeatMs)) {
                    stop(breaker, null, now, out);
                }
            }
            case CLEAR -> {
                CircuitBreaker breaker = source.breakers.get(rule.id());
                if (breaker != null) {
                    out.add(breaker.healthy(now));
                }
            }
            case HOLD -> {
                CircuitBreaker breaker = source.breakers.get(rule.id());
                if (breaker != null) {
                    out.add(breaker.tick(now));
                }
            }
        }
    }

    private Violation raise(ThresholdRule rule, RuleCondition condition, SourceState source, long now, SafetyOutput out,
                            MetricSample sample) {
        double value = condition.observed();
        String cycle = cycleRunning ? cycleId : sample == null ? null : sample.cycleId();
        Phase inPhase = cycleRunning ? phase : sample == null ? null : sample.phase();
        String message = rule == staleRule
                ? "no sample from " + source.id + " for " + round(value) + " s (limit " + round(rule.limit()) + " s)"
                : rule.metric() + " = " + round(value) + " on " + source.id + " breaks " + rule.describe() + " (rule " + rule.id() + ")";
        Violation violation = new Violation(Versioned.SCHEMA_VERSION, ids.get(), now, rule.id(), rule.metric(), value,
                rule.limit(), rule.severity(), rule.action(), source.id, cycle, inPhase, message);
        out.add(violation);
        recent.addFirst(violation);
        while (recent.size() > settings.recentViolations()) {
            recent.removeLast();
        }
        return violation;
    }

    private void stop(CircuitBreaker breaker, Violation violation, long now, SafetyOutput out) {
        stopSequence = Math.max(stopSequence + 1, now);
        String reason = violation != null ? "safety rule " + breaker.ruleId() + ": " + violation.message()
                : "safety rule " + breaker.ruleId() + " still violated by " + breaker.sourceId() + " (breaker open)";
        out.add(new StopCommand(Versioned.SCHEMA_VERSION, ids.get(), cycleRunning ? cycleId : null, stopSequence, now,
                StopMode.EMERGENCY, reason, ISSUER));
        breaker.stopCommandSent(now);
    }

    private CircuitBreaker breaker(SourceState source, ThresholdRule rule, long now) {
        CircuitBreaker breaker = source.breakers.get(rule.id());
        if (breaker == null) {
            breaker = breakers.computeIfAbsent(CircuitBreaker.idOf(rule.id(), source.id),
                    id -> new CircuitBreaker(rule.id(), source.id, cooldownMs, healthyMs, now));
            source.breakers.put(rule.id(), breaker);
        }
        return breaker;
    }

    private SourceState newSource(String id, long now) {
        SourceState source = new SourceState(id, new RuleCondition(staleRule));
        source.lastSampleMs = now;
        for (CircuitBreaker breaker : breakers.values()) {
            if (breaker.sourceId().equals(id)) {
                source.breakers.put(breaker.ruleId(), breaker);
            }
        }
        source.realign(effective, rulesVersion);
        sources.put(id, source);
        return source;
    }

    private void forget(SourceState source) {
        for (CircuitBreaker breaker : source.breakers.values()) {
            if (breaker.state() == BreakerState.CLOSED) {
                breakers.remove(breaker.id());
            }
        }
    }

    private void startCycle(String id) {
        if (!cycleRunning || !id.equals(cycleId)) {
            cycleRunning = true;
            cycleId = id;
            phase = null;
        }
    }

    private List<ThresholdRule> phaseRules(PhaseEvent event, SafetyOutput out) {
        Object thresholds = event.details().get("safety_thresholds");
        if (thresholds == null) {
            return List.of();
        }
        String prefix = PHASE_RULE_PREFIX + (event.phase() == null ? "any" : event.phase().wireName()) + ":";
        if (!(thresholds instanceof Map<?, ?> map)) {
            out.note("details.safety_thresholds of " + event.eventId() + " is not an object; phase thresholds ignored");
            return List.of();
        }
        List<ThresholdRule> rules = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            try {
                rules.addAll(RuleParser.parsePhaseThresholds(Map.of(String.valueOf(entry.getKey()),
                        entry.getValue() == null ? "null" : entry.getValue()), prefix, "details.safety_thresholds"));
            } catch (RuleFormatException e) {
                out.note("phase threshold skipped: " + e.getMessage());
            }
        }
        return rules;
    }

    private void setPhaseRules(List<ThresholdRule> rules) {
        if (!rules.equals(phaseRules)) {
            phaseRules = List.copyOf(rules);
            rebuildEffective();
        }
    }

    private void rebuildEffective() {
        Set<String> overridden = new HashSet<>();
        phaseRules.forEach(r -> overridden.add(r.metric()));
        List<ThresholdRule> list = new ArrayList<>();
        for (ThresholdRule rule : globalRules) {
            if (!overridden.contains(rule.metric())) {
                list.add(rule);
            }
        }
        list.addAll(phaseRules);
        Map<String, Long> previous = new HashMap<>();
        if (effective != null) {
            for (int i = 0; i < effective.length; i++) {
                previous.put(effective[i].metric(), lastValueAtMs[i]);
            }
        }
        effective = list.toArray(new ThresholdRule[0]);
        lastValueAtMs = new long[effective.length];
        Set<String> ruleIds = new HashSet<>();
        for (int i = 0; i < effective.length; i++) {
            lastValueAtMs[i] = previous.getOrDefault(effective[i].metric(), Long.MIN_VALUE);
            ruleIds.add(effective[i].id());
        }
        effectiveIds = ruleIds;
        rulesVersion++;
    }

    private static List<ThresholdRule> checkedRules(List<ThresholdRule> rules) {
        if (rules == null || rules.isEmpty()) {
            throw new IllegalArgumentException("at least one global rule is required");
        }
        Set<String> ids = new HashSet<>();
        for (ThresholdRule rule : rules) {
            if (rule == null) {
                throw new IllegalArgumentException("rules must not contain null");
            }
            if (rule.id().startsWith(PHASE_RULE_PREFIX) || rule.id().equals(STALE_RULE_ID)) {
                throw new IllegalArgumentException("rule id '" + rule.id() + "' is reserved");
            }
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("duplicate rule id '" + rule.id() + "'");
            }
        }
        return List.copyOf(rules);
    }

    private static BreakerView view(CircuitBreaker b) {
        return new BreakerView(b.id(), b.ruleId(), b.sourceId(), b.state(), b.sinceMs(), b.openUntilMs(), b.trips());
    }

    private static String round(double value) {
        return String.format(Locale.ROOT, "%.2f", value).replaceAll("\\.?0+$", "");
    }

    /** Per-source state: the conditions aligned with the rules in force, and this source's breakers by rule id. */
    private static final class SourceState {
        final String id;
        final RuleCondition stale;
        final Map<String, CircuitBreaker> breakers = new HashMap<>(4);
        SourceKind kind;
        String host;
        long lastSampleMs;
        Map<String, Double> lastMetrics = Map.of();
        RuleCondition[] conditions = new RuleCondition[0];
        int version = -1;

        SourceState(String id, RuleCondition stale) {
            this.id = id;
            this.stale = stale;
        }

        void realign(ThresholdRule[] rules, int newVersion) {
            RuleCondition[] next = new RuleCondition[rules.length];
            for (int i = 0; i < rules.length; i++) {
                for (RuleCondition old : conditions) {
                    if (old.rule().equals(rules[i])) {
                        next[i] = old;
                        break;
                    }
                }
                if (next[i] == null) {
                    next[i] = new RuleCondition(rules[i]);
                }
            }
            conditions = next;
            version = newVersion;
        }
    }
}
