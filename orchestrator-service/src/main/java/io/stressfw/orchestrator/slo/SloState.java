package io.stressfw.orchestrator.slo;

/**
 * The SLO at the current load: {@code BREACHED} (an objective breaks now), {@code HELD_WINDOW} (every objective held
 * on every evaluation at this load for a whole window), {@code HOLDING} (holding, not yet for a whole window), or
 * {@code NO_DATA} (an objective's metric is missing: no verdict, and the window starts again).
 */
public enum SloState {
    BREACHED, HELD_WINDOW, HOLDING, NO_DATA
}
