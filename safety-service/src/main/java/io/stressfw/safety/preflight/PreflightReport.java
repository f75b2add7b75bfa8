package io.stressfw.safety.preflight;

import java.util.List;

/**
 * The answer to "are the hosts fit for a cycle?": fit only when every check passed. {@code warnings} never make a
 * host unfit but are never silent either: a rule that cannot protect (its metric is not reported), a global rule a
 * planned phase raises by {@code override_global}, a planned phase whose load reaches a global limit.
 */
public record PreflightReport(boolean fit, List<Check> checks, List<Warning> warnings) {

    /**
     * {@code overLimit}: a rule's latest reading is over its limit without having broken the rule yet (not for long
     * enough): the check passes, but a cycle started now would likely be stopped by the rule within its window, so a
     * start that may wait for fit ({@code wait_for_fit}) waits for it to pass too.
     */
    public record Check(String check, String source, boolean passed, String detail, boolean overLimit) {
        public Check(String check, String source, boolean passed, String detail) {
            this(check, source, passed, detail, false);
        }
    }

    public record Warning(String check, String source, String detail) {
    }

    public PreflightReport {
        checks = List.copyOf(checks);
        warnings = List.copyOf(warnings);
    }

    public List<Check> failed() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }
}
