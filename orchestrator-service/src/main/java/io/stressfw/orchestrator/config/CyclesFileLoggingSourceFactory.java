package io.stressfw.orchestrator.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.stressfw.plan.InvalidPlanException;
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
        ConfigValue value = context.getValue("stress.cycles.config");
        String path = value == null ? null : value.getValue();
        if (path == null || path.isBlank() || path.startsWith("${")) {
            // application.properties says ${STRESS_CYCLES_CONFIG:}, which this early look may see unexpanded.
            path = System.getenv("STRESS_CYCLES_CONFIG");
        }
        if (path == null || path.isBlank()) {
            return List.of();
        }
        Map<String, String> logging;
        try {
            logging = PlanConfigProperties.logging(PlanParser.parseFile(Path.of(path), PlanParser.Require.PHASES).logging());
        } catch (InvalidPlanException e) {
            // CyclePlans reports the file's problems when it reads the plan (and OrchestratorMain before Quarkus).
            return List.of();
        }
        return List.of(new PropertiesConfigSource(logging, "cycles file logging " + path, 275));
    }
}
