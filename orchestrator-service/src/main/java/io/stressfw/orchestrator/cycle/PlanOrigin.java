package io.stressfw.orchestrator.cycle;

import io.stressfw.model.LoadLimits;
import io.stressfw.plan.AdaptiveProfile;
import io.stressfw.plan.StressPlan;

/**
 * Where a cycle's plan came from and what of it applies to the whole cycle: the adaptive profile, the agents'
 * limits, and for a plan sent with the start request its text (kept in the report; the configured file is named by
 * its source only).
 */
public record PlanOrigin(String source, String text, AdaptiveProfile profile, LoadLimits agentLimits) {
    public PlanOrigin {
        if (source == null || profile == null || agentLimits == null) {
            throw new IllegalArgumentException("source, profile and agent limits are required");
        }
    }

    /** The configured file: its source, not its text. */
    public static PlanOrigin configured(StressPlan plan) {
        return new PlanOrigin(plan.source(), null, plan.adaptiveProfile(), plan.agentLimits());
    }

    /** A plan sent with the request: kept as sent. */
    public static PlanOrigin inline(StressPlan plan) {
        return new PlanOrigin(plan.source(), plan.text(), plan.adaptiveProfile(), plan.agentLimits());
    }
}
