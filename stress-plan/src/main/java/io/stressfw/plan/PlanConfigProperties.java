package io.stressfw.plan;

import io.stressfw.model.Checks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration properties a config file's sections stand for, so that a service reads them as one more config
 * source (above its application.properties, below environment variables and system properties): the seed's
 * {@code load_generators} block as the agent's {@code stress.agent.load_generators.*} and the seed's
 * {@code logging} block as Quarkus' {@code quarkus.log.*}.
 */
public final class PlanConfigProperties {
    private static final String GENERATORS = "stress.agent.load_generators.";

    private PlanConfigProperties() {
    }

    public static Map<String, String> loadGenerators(LoadGeneratorsSpec g) {
        Map<String, String> p = new LinkedHashMap<>();
        if (g.coresAuto()) {
            p.put(GENERATORS + "cpu.cores", "auto");
        } else if (g.cores() != null) {
            p.put(GENERATORS + "cpu.cores", g.cores().toString());
        }
        put(p, GENERATORS + "cpu.precision_interval_ms", g.precisionIntervalMs());
        if (g.limitAuto()) {
            p.put(GENERATORS + "memory.limit_gb", "auto");
        } else if (g.limitGb() != null) {
            p.put(GENERATORS + "memory.limit_gb", Checks.format(g.limitGb()));
        }
        put(p, GENERATORS + "memory.chunk_size_mb", g.chunkSizeMb());
        put(p, GENERATORS + "io.operations_per_second", g.operationsPerSecond());
        if (g.operationMix() != null) {
            p.put(GENERATORS + "io.operation_mix", g.operationMix().property());
        }
        if (g.bandwidthMbps() != null) {
            p.put(GENERATORS + "network.bandwidth_mbps", Checks.format(g.bandwidthMbps()));
        }
        put(p, GENERATORS + "network.connection_pool_size", g.connectionPoolSize());
        return p;
    }

    /** {@code level} for the root logger, a file handler at {@code file}, the console on or off. */
    public static Map<String, String> logging(LoggingSpec logging) {
        Map<String, String> p = new LinkedHashMap<>();
        if (logging == null || logging == LoggingSpec.NONE) {
            return p;
        }
        if (logging.quarkusLevel() != null) {
            p.put("quarkus.log.level", logging.quarkusLevel());
            // A handler's own minimum level would otherwise hide DEBUG lines the root logger now lets through.
            p.put("quarkus.log.console.level", logging.quarkusLevel());
            p.put("quarkus.log.file.level", logging.quarkusLevel());
            p.put("quarkus.log.category.\"io.stressfw\".level", logging.quarkusLevel());
        }
        if (logging.file() != null) {
            p.put("quarkus.log.file.enabled", "true");
            p.put("quarkus.log.file.path", logging.file());
        }
        p.put("quarkus.log.console.enabled", Boolean.toString(logging.console()));
        return p;
    }

    private static void put(Map<String, String> p, String key, Integer value) {
        if (value != null) {
            p.put(key, value.toString());
        }
    }
}
