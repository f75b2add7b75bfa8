package io.stressfw.safety.engine;

/**
 * Whether a rule gets data: {@code no_data} when no source has reported its metric recently (null metrics are
 * unavailable, not healthy), with the sources currently violating it.
 */
public record RuleStatus(String ruleId, String metric, String scope, String data, Long lastValueAtMs, int activeSources) {
}
