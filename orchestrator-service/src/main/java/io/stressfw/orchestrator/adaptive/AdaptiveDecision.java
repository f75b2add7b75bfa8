package io.stressfw.orchestrator.adaptive;

/**
 * What one evaluation decided. {@code NO_DATA}: the response carried nothing to judge by (no agent reported achieved
 * load, no probe answered), so the load holds and no knee is claimed.
 */
public enum AdaptiveDecision {
    ADVANCE, HOLD, BACK_OFF, NO_DATA
}
