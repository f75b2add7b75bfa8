package io.stressfw.orchestrator.cycle;

import io.stressfw.model.LoadLimits;
import io.stressfw.model.ProbeSpec;
import io.stressfw.model.SloSpec;
import io.stressfw.plan.AdaptiveProfile;
import io.stressfw.plan.StressPlan;

import java.util.Map;

/**
 * Where a cycle's plan came from and what of it applies to the whole cycle: the adaptive profile, the agents'
 * limits, the probes its steady state is judged on and the SLO its knee is found by, and for a plan sent with the
 * start request its text (kept in the report; the configured file is named by its source only).
 */
public record PlanOrigin(String source, String text, AdaptiveProfile profile, LoadLimits agentLimits,
                         Map<String, ProbeSpec> probes, SloSpec slo) {
    public PlanOrigin {
        if (source == null || profile == null || agentLimits == null || probes == null) {
            throw new IllegalArgumentException("source, profile, agent limits and probes are required");
        }
        probes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(probes));
    }

    /** The configured file: its source, not its text. */
    public static PlanOrigin configured(StressPlan plan) {
        return new PlanOrigin(plan.source(), null, plan.adaptiveProfile(), plan.agentLimits(), plan.probes(), plan.slo());
    }

    /**
     * A plan sent with the request, kept as sent ({@code text}). Its probes and SLO when it declares any; otherwise
     * the configured file's, which stay the default for the system's steady state.
     */
    public static PlanOrigin inline(StressPlan plan, String text, StressPlan configured) {
        boolean own = !plan.probes().isEmpty() || plan.slo() != null;
        return new PlanOrigin(plan.source(), text, plan.adaptiveProfile(), plan.agentLimits(),
                own ? plan.probes() : configured.probes(), own ? plan.slo() : configured.slo());
    }
}
