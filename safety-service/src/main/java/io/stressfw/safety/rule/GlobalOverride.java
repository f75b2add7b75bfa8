package io.stressfw.safety.rule;

import io.stressfw.model.Checks;

import java.util.ArrayList;
import java.util.List;

/**
 * A global rule that a phase replaces for its duration by an explicit {@code override_global}: shown wherever the
 * rules are (GET /safety/thresholds, the pre-flight answer), so that raising a global limit is never silent.
 */
public record GlobalOverride(String phase, ThresholdRule global, ThresholdRule replacement) {
    public GlobalOverride {
        Checks.notBlank(phase, "phase");
        Checks.notNull(global, "global rule");
        Checks.notNull(replacement, "replacement");
    }

    /** Every global rule one of {@code phaseRules} replaces, in the order of the global rules. */
    public static List<GlobalOverride> of(String phase, List<ThresholdRule> global, List<ThresholdRule> phaseRules) {
        List<GlobalOverride> overrides = new ArrayList<>(0);
        for (ThresholdRule rule : global) {
            for (ThresholdRule candidate : phaseRules) {
                if (candidate.replaces(rule)) {
                    overrides.add(new GlobalOverride(phase, rule, candidate));
                }
            }
        }
        return overrides;
    }

    /** {@code phase chaos raises global rule cpu from 95 to 100 (cpu_usage > 95 for 2s -> cpu_usage > 100 for 500ms)}. */
    public String describe() {
        double from = global.limit();
        double to = replacement.limit();
        boolean upward = global.comparison().upward();
        String change;
        if (from == to) {
            change = "replaces global rule " + global.id() + " at " + Checks.format(to);
        } else {
            boolean looser = upward ? to > from : to < from;
            change = (looser ? (upward ? "raises" : "lowers") : "tightens") + " global rule " + global.id() + " from "
                    + Checks.format(from) + " to " + Checks.format(to);
        }
        return "phase " + phase + " " + change + " (" + global.describe() + " -> " + replacement.describe() + ")";
    }
}
