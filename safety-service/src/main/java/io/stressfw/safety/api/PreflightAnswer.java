package io.stressfw.safety.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.stressfw.safety.preflight.PreflightReport;
import io.stressfw.safety.store.RuleSetOrigin;

/**
 * {@code POST /safety/preflight}'s answer: the report ({@code fit}, {@code checks}) and the global rule set the checks
 * ran against ({@code rule_set}), so a start refused or allowed on run-time rules says so.
 */
public record PreflightAnswer(@JsonUnwrapped PreflightReport report, RuleSetOrigin ruleSet) {
}
