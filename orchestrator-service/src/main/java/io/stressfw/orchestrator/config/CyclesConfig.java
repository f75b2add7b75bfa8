package io.stressfw.orchestrator.config;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** {@code stress.cycles.config} (env STRESS_CYCLES_CONFIG): path of the cycles file; empty = the bundled one. */
@ConfigMapping(prefix = "stress.cycles")
public interface CyclesConfig {
    Optional<String> config();
}
