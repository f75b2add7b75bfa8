package io.stressfw.safety.engine;

import io.stressfw.model.MetricSample;
import io.stressfw.model.SourceKind;
import io.stressfw.safety.breaker.BreakerRegistry;
import io.stressfw.safety.breaker.CircuitBreaker;
import io.stressfw.safety.preflight.SourceReading;
import io.stressfw.safety.rule.RuleCondition;
import io.stressfw.safety.rule.ThresholdRule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The sources (hosts, agents and probes) heard from: when each was last heard, its latest metrics (and for hosts the
 * samples of the last {@code historyMs}, for pre-flight), its rule conditions aligned with the rules in force, its
 * breakers and its clock skew. Finds the silent ones by arrival time on the monotonic clock, never by the samples' own
 * stamps: stale after the stale gap (hosts and agents), forgotten (with their CLOSED breakers) after
 * {@code forgetAfterMs}. Not thread-safe.
 */
public final class SourceTracker {
    private final ThresholdRule staleRule;
    private final long staleGapMs;
    private final long forgetAfterMs;
    /** At 10 samples a second, 30 s of history: more than any pre-flight replay needs. */
    private static final int HISTORY_CAPACITY = 300;
    private final BreakerRegistry breakers;
    private final long historyMs;
    private final Map<String, Source> sources = new HashMap<>();

    public SourceTracker(ThresholdRule staleRule, long staleGapMs, long forgetAfterMs, BreakerRegistry breakers) {
        this(staleRule, staleGapMs, forgetAfterMs, breakers, 10_000);
    }

    /** {@code historyMs}: how much of each host's recent samples pre-flight may replay. */
    public SourceTracker(ThresholdRule staleRule, long staleGapMs, long forgetAfterMs, BreakerRegistry breakers,
                         long historyMs) {
        this.staleRule = staleRule;
        this.staleGapMs = staleGapMs;
        this.forgetAfterMs = forgetAfterMs;
        this.breakers = breakers;
        this.historyMs = historyMs;
    }

    /**
     * Records a sample that arrived at {@code monotonicMs} (and {@code wallMs}); a new source gets its breakers back
     * (if it was forgotten while one was open) and conditions for the rules in force. Returns the source with
     * conditions aligned with {@code rules}.
     */
    public Source heard(MetricSample sample, long monotonicMs, long wallMs, RuleBook rules) {
        Source source = sources.get(sample.sourceId());
        if (source == null) {
            source = new Source(sample.sourceId(), new RuleCondition(staleRule));
            for (CircuitBreaker breaker : breakers.ofSource(source.id)) {
                source.breakers.put(breaker.ruleId(), breaker);
            }
            sources.put(source.id, source);
        }
        source.kind = sample.sourceKind();
        source.host = sample.host();
        source.lastHeardMs = monotonicMs;
        source.lastHeardWallMs = wallMs;
        source.lastMetrics = sample.metrics();
        source.skew.observe(sample.timestampMs(), wallMs, monotonicMs);
        if (sample.sourceKind() == SourceKind.HOST) {
            if (source.history == null) {
                source.history = new SampleHistory(historyMs, HISTORY_CAPACITY);
            }
            source.history.add(monotonicMs, sample.metrics());
        }
        if (source.version != rules.version()) {
            source.realign(rules.inForceArray(), rules.version());
        }
        return source;
    }

    /**
     * A source that stopped in order ({@code leaving} on its last sample: an agent shutting down after releasing its
     * load) is forgotten at once, with its CLOSED breakers: its silence from now on is no stale source.
     */
    public void left(String sourceId) {
        Source source = sources.remove(sourceId);
        if (source != null) {
            source.breakers.values().forEach(breakers::forgetIfClosed);
        }
    }

    /**
     * Forgets the sources silent for longer than the forget period and, when {@code cycleRunning}, answers the ones
     * silent for longer than the stale gap (not yet forgotten), each with its silence; {@code nowMs} is monotonic.
     */
    public List<Silence> sweep(long nowMs, boolean cycleRunning) {
        List<Silence> stale = new ArrayList<>(0);
        for (Iterator<Source> it = sources.values().iterator(); it.hasNext(); ) {
            Source source = it.next();
            long gapMs = nowMs - source.lastHeardMs;
            if (gapMs > forgetAfterMs) {
                source.breakers.values().forEach(breakers::forgetIfClosed);
                it.remove();
            } else if (cycleRunning && gapMs > staleGapMs && source.kind != SourceKind.PROBE) {
                // A probe reports at its own interval (a PromQL probe may run every 15 s) and a failing service as an
                // error rate, not as silence; the orchestrator that runs the probes is watched by its heartbeats.
                stale.add(new Silence(source, gapMs));
            }
        }
        return stale;
    }

    /** How many sources currently violate rule {@code index} of the rules in force at {@code version}. */
    public int activeSources(int index, int version) {
        int active = 0;
        for (Source source : sources.values()) {
            if (source.version == version && source.conditions[index].active()) {
                active++;
            }
        }
        return active;
    }

    /**
     * Every source's latest sample, and each host's recent samples, at monotonic {@code nowMs}, as pre-flight reads
     * them: when heard and the recent samples' times are arrivals on the monotonic clock.
     */
    public List<SourceReading> readings(long nowMs) {
        List<SourceReading> readings = new ArrayList<>(sources.size());
        for (Source source : sources.values()) {
            readings.add(new SourceReading(source.id, source.kind, source.host, source.lastHeardMs, source.lastMetrics,
                    source.history == null ? List.of() : source.history.recent(nowMs)));
        }
        return readings;
    }

    /** Every source's status at monotonic {@code nowMs}, sorted by id; skew beyond {@code skewWarningMs} is flagged. */
    public List<SourceStatus> statuses(long nowMs, long skewWarningMs) {
        List<SourceStatus> statuses = new ArrayList<>(sources.size());
        for (Source source : sources.values()) {
            Long skew = source.skew.estimateMs();
            statuses.add(new SourceStatus(source.id, source.kind, source.host, source.lastHeardWallMs,
                    nowMs - source.lastHeardMs, skew, skew != null && Math.abs(skew) > skewWarningMs));
        }
        statuses.sort(Comparator.comparing(SourceStatus::sourceId));
        return statuses;
    }

    /** The largest clock skew of any source, either way, in ms; 0 when no source is known. */
    public long maxAbsSkewMs() {
        long max = 0;
        for (Source source : sources.values()) {
            Long skew = source.skew.estimateMs();
            if (skew != null) {
                max = Math.max(max, Math.abs(skew));
            }
        }
        return max;
    }

    /** The source of that id, or null when it was never heard or has been forgotten. */
    public Source find(String sourceId) {
        return sources.get(sourceId);
    }

    /** A source silent for {@code gapMs}. */
    public record Silence(Source source, long gapMs) {
    }

    /** One source: its conditions aligned with the rules in force, and its breakers by rule id. */
    public static final class Source {
        private final String id;
        private final RuleCondition stale;
        private final Map<String, CircuitBreaker> breakers = new HashMap<>(4);
        private final ClockSkew skew = new ClockSkew();
        private SourceKind kind;
        private String host;
        /** Monotonic: silences are measured on it. */
        private long lastHeardMs;
        private long lastHeardWallMs;
        private Map<String, Double> lastMetrics = Map.of();
        private RuleCondition[] conditions = new RuleCondition[0];
        private int version = -1;
        private SampleHistory history;

        private Source(String id, RuleCondition stale) {
            this.id = id;
            this.stale = stale;
        }

        public String id() {
            return id;
        }

        /** This source's clock skew; the engine asks it whether to warn. */
        ClockSkew skew() {
            return skew;
        }

        /** The condition of the stale-source rule on this source. */
        public RuleCondition staleCondition() {
            return stale;
        }

        /** The condition of rule {@code index} of the rules in force. */
        public RuleCondition condition(int index) {
            return conditions[index];
        }

        /** The condition of rule {@code index} of the rules in force at {@code rulesVersion}; null when this source
         * has sent no sample since the rules changed. */
        public RuleCondition condition(int index, int rulesVersion) {
            return version == rulesVersion ? conditions[index] : null;
        }

        /** When this source was last heard, on the monotonic clock. */
        public long lastHeardMs() {
            return lastHeardMs;
        }

        public Map<String, Double> lastMetrics() {
            return lastMetrics;
        }

        /** This source's breaker of {@code ruleId}; null until the rule first trips here. */
        public CircuitBreaker breaker(String ruleId) {
            return breakers.get(ruleId);
        }

        void attach(CircuitBreaker breaker) {
            breakers.put(breaker.ruleId(), breaker);
        }

        /** A condition of a rule that stays in force keeps its state (window, episode); new rules start fresh. */
        private void realign(ThresholdRule[] rules, int newVersion) {
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
