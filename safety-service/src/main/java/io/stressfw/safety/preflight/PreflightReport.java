package io.stressfw.safety.preflight;

import java.util.List;

/** The answer to "are the hosts fit for a cycle?": fit only when every check passed. */
public record PreflightReport(boolean fit, List<Check> checks) {

    public record Check(String check, String source, boolean passed, String detail) {
    }

    public PreflightReport {
        checks = List.copyOf(checks);
    }

    public List<Check> failed() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }
}
