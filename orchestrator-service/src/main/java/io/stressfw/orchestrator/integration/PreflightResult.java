package io.stressfw.orchestrator.integration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** safety-service's answer to POST /safety/preflight. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PreflightResult(Boolean fit, List<Check> checks, List<Warning> warnings) {
    /** {@code overLimit}: passed, but the rule's latest reading is over its limit (not yet for long enough). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Check(String check, String source, Boolean passed, String detail, Boolean overLimit) {
    }

    /** Never makes a host unfit; the start's answer passes it on (a rule that cannot protect, an override). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Warning(String check, String source, String detail) {
    }
}
