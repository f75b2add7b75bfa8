package io.stressfw.model;

import java.util.Locale;

/**
 * Where a probe runs ({@code run_on} in a plan): from the orchestrator (the default: one view of the service), or from
 * every load agent, so that the service is seen from each node the load runs on (its samples then name the agent).
 */
public enum ProbeSite {
    ORCHESTRATOR, AGENTS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ProbeSite fromWire(String name) {
        return Enums.parse(ProbeSite.class, name, "probe site");
    }
}
