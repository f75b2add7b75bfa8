package io.stressfw.safety.engine;

import io.stressfw.safety.rule.GlobalOverride;
import io.stressfw.safety.rule.RuleScope;
import io.stressfw.safety.rule.ThresholdRule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules in force: the global rules, the running phase's rules, and the set they make together by
 * {@link #merge}, the one place that decides how the two combine. Every change of that set gets a new
 * {@link #version()}, so per-source state built for an older set knows to realign. Also remembers, per rule in force,
 * when some source last reported its metric (kept across changes by metric). Not thread-safe.
 */
public final class RuleBook {
    private final Set<String> reservedIds;
    private List<ThresholdRule> global;
    private List<ThresholdRule> phase = List.of();
    private ThresholdRule[] inForce;
    private long[] lastValueAtMs;
    private Set<String> inForceIds;
    private int version;

    /** {@code reservedIds}: ids the engine gives its own rules (the stale-source rule), refused for global rules. */
    public RuleBook(List<ThresholdRule> globalRules, Set<String> reservedIds) {
        this.reservedIds = Set.copyOf(reservedIds);
        this.global = checkedGlobal(globalRules);
        rebuild();
    }

    /**
     * The rules in force: every global rule, plus each phase rule as a rule of its own (both are evaluated, each
     * with its own window, so the stricter trips first and a phase can never silently remove a global rule). Only a
     * phase rule with {@code override_global} replaces, for the phase, the global rules on its metric that compare
     * the same way ({@link ThresholdRule#replaces}); {@link #overrides()} lists those.
     */
    static List<ThresholdRule> merge(List<ThresholdRule> global, List<ThresholdRule> phase) {
        List<ThresholdRule> merged = new ArrayList<>(global.size() + phase.size());
        for (ThresholdRule rule : global) {
            if (phase.stream().noneMatch(p -> p.replaces(rule))) {
                merged.add(rule);
            }
        }
        merged.addAll(phase);
        return merged;
    }

    /** Replaces the global rules (configuration at start, {@code PUT /safety/thresholds} later). */
    public void replaceGlobal(List<ThresholdRule> rules) {
        global = checkedGlobal(rules);
        rebuild();
    }

    /** Sets the running phase's rules (empty between phases); the set in force changes only if they differ. */
    public void replacePhase(List<ThresholdRule> rules) {
        for (ThresholdRule rule : rules) {
            if (rule.scope() != RuleScope.PHASE) {
                throw new IllegalArgumentException("rule '" + rule.id() + "' is not a phase rule");
            }
        }
        if (!rules.equals(phase)) {
            phase = List.copyOf(rules);
            rebuild();
        }
    }

    /** The global rules the running phase replaces by an explicit override (empty without one). */
    public List<GlobalOverride> overrides() {
        return phase.isEmpty() ? List.of() : GlobalOverride.of(RuleScope.phaseOf(phase.get(0).id()), global, phase);
    }

    public List<ThresholdRule> global() {
        return global;
    }

    public List<ThresholdRule> phase() {
        return phase;
    }

    /** The rules in force, in a fixed order for one {@link #version()}. */
    public List<ThresholdRule> inForce() {
        return List.of(inForce);
    }

    /** As {@link #inForce()} without a copy, for the per-sample loop; callers must not modify it. */
    ThresholdRule[] inForceArray() {
        return inForce;
    }

    public boolean inForce(String ruleId) {
        return inForceIds.contains(ruleId);
    }

    /** The index of rule {@code ruleId} in {@link #inForce()}, or -1 when it is not in force. */
    int indexOf(String ruleId) {
        for (int i = 0; i < inForce.length; i++) {
            if (inForce[i].id().equals(ruleId)) {
                return i;
            }
        }
        return -1;
    }

    public int version() {
        return version;
    }

    /** Some source reported the metric of rule {@code index} (of {@link #inForce()}) at {@code nowMs}. */
    void valueSeen(int index, long nowMs) {
        lastValueAtMs[index] = nowMs;
    }

    /** When some source last reported the metric of rule {@code index}; null if none did. */
    public Long lastValueAtMs(int index) {
        long at = lastValueAtMs[index];
        return at == Long.MIN_VALUE ? null : at;
    }

    private void rebuild() {
        Map<String, Long> previous = new HashMap<>();
        if (inForce != null) {
            for (int i = 0; i < inForce.length; i++) {
                previous.put(inForce[i].metric(), lastValueAtMs[i]);
            }
        }
        inForce = merge(global, phase).toArray(new ThresholdRule[0]);
        lastValueAtMs = new long[inForce.length];
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < inForce.length; i++) {
            lastValueAtMs[i] = previous.getOrDefault(inForce[i].metric(), Long.MIN_VALUE);
            ids.add(inForce[i].id());
        }
        inForceIds = ids;
        version++;
    }

    private List<ThresholdRule> checkedGlobal(List<ThresholdRule> rules) {
        if (rules == null || rules.isEmpty()) {
            throw new IllegalArgumentException("at least one global rule is required");
        }
        Set<String> ids = new HashSet<>();
        for (ThresholdRule rule : rules) {
            if (rule == null) {
                throw new IllegalArgumentException("rules must not contain null");
            }
            if (rule.scope() != RuleScope.GLOBAL) {
                throw new IllegalArgumentException("rule '" + rule.id() + "' is not a global rule");
            }
            if (RuleScope.reservedForPhaseRules(rule.id()) || reservedIds.contains(rule.id())) {
                throw new IllegalArgumentException("rule id '" + rule.id() + "' is reserved");
            }
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("duplicate rule id '" + rule.id() + "'");
            }
        }
        return List.copyOf(rules);
    }
}
