package io.stressfw.orchestrator.integration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** safety-service's answer to POST /safety/preflight. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PreflightResult(Boolean fit, List<Check> checks) {
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Check(String check, String source, Boolean passed, String detail) {
    }
}
