package io.stressfw.agent.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;

/**
 * Adds the agent's YAML config file as a config source at ordinal 275: above application.properties (250), below
 * environment variables (300) and system properties (400), so that {@code STRESS_AGENT_LOAD_GENERATORS_...} still
 * overrides the file. {@link AgentMain} has checked the file before Quarkus starts.
 */
public final class AgentConfigFileSourceFactory implements ConfigSourceFactory {
    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue path = context.getValue(AgentConfigFile.PROPERTY);
        if (path == null || path.getValue() == null || path.getValue().isBlank()) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(AgentConfigFile.properties(path.getValue()),
                "agent config file " + path.getValue(), ORDINAL));
    }
}
