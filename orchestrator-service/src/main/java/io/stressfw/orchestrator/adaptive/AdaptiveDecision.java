package io.stressfw.orchestrator.adaptive;

public enum AdaptiveDecision {
    ADVANCE, HOLD, BACK_OFF
}
