package io.stressfw.safety.rule;

import java.util.Locale;

/**
 * Where a rule comes from, and so how long it is in force: {@link #GLOBAL} rules (configuration,
 * {@code PUT /safety/thresholds}) all the time, {@link #PHASE} rules (a phase's {@code safety_thresholds}) while
 * their phase runs.
 */
public enum RuleScope {
    GLOBAL,
    PHASE;

    /**
     * Phase rules are named {@code phase:<phase>:<metric>} in violations, breakers and REST; global rule ids may not
     * start with it, so that an id names one rule wherever it appears.
     */
    private static final String PHASE_ID_PREFIX = "phase:";

    /** {@code global} or {@code phase}, as {@code GET /safety/thresholds} shows it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The id of the rule a phase's threshold on {@code metric} becomes: {@code phase:light:cpu_usage}. */
    public static String phaseRuleId(String phaseName, String metric) {
        return PHASE_ID_PREFIX + phaseName + ":" + metric;
    }

    /** The phase a phase rule's id names ({@code light} of {@code phase:light:cpu_usage}). */
    public static String phaseOf(String phaseRuleId) {
        if (!reservedForPhaseRules(phaseRuleId)) {
            throw new IllegalArgumentException("'" + phaseRuleId + "' is not the id of a phase rule");
        }
        String rest = phaseRuleId.substring(PHASE_ID_PREFIX.length());
        int colon = rest.indexOf(':');
        return colon < 0 ? rest : rest.substring(0, colon);
    }

    /** Whether {@code id} lies in the names kept for phase rules, so no global rule may take it. */
    public static boolean reservedForPhaseRules(String id) {
        return id.startsWith(PHASE_ID_PREFIX);
    }
}
