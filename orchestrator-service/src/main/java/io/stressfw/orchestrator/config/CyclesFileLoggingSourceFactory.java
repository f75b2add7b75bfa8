package io.stressfw.orchestrator.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.stressfw.plan.PlanConfigProperties;
import io.stressfw.plan.PlanParser;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The seed's {@code logging:} block of the cycles file (level, a file handler, the console) as Quarkus' log
 * properties, at ordinal 275: above application.properties, below environment variables and system properties.
 * {@link OrchestratorMain} has checked the file before Quarkus starts.
 */
public final class CyclesFileLoggingSourceFactory implements ConfigSourceFactory {
    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue path = context.getValue("stress.cycles.config");
        if (path == null || path.getValue() == null || path.getValue().isBlank()) {
            return List.of();
        }
        Map<String, String> logging = PlanConfigProperties.logging(
                PlanParser.parseFile(Path.of(path.getValue()), PlanParser.Require.PHASES).logging());
        return List.of(new PropertiesConfigSource(logging, "cycles file logging " + path.getValue(), 275));
    }
}
