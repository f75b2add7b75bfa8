package io.stressfw.agent.config;

import io.stressfw.plan.PlanConfigProperties;
import io.stressfw.plan.PlanParser;
import io.stressfw.plan.StressPlan;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's YAML config file ({@code stress.agent.config}, env {@code STRESS_AGENT_CONFIG}, or {@code --config
 * FILE}): the seed's {@code load_generators} and {@code logging} blocks, as the properties they stand for. The file
 * may be a whole plan (the orchestrator's phases are ignored here), so one ConfigMap can serve both.
 */
public final class AgentConfigFile {
    public static final String PROPERTY = "stress.agent.config";
    public static final String ENV = "STRESS_AGENT_CONFIG";

    private AgentConfigFile() {
    }

    /** Throws {@link io.stressfw.plan.InvalidPlanException} naming every problem's line and field. */
    public static Map<String, String> properties(String path) {
        if (path == null || path.isBlank()) {
            return Map.of();
        }
        StressPlan config = PlanParser.parseFile(Path.of(path), PlanParser.Require.NOTHING);
        Map<String, String> properties = new LinkedHashMap<>(PlanConfigProperties.loadGenerators(config.loadGenerators()));
        properties.putAll(PlanConfigProperties.logging(config.logging()));
        return properties;
    }
}
