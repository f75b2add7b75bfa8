package io.stressfw.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environments that tests and benchmarks give a whole stack on a machine they share with the build. Shared by
 * {@link StopTimeBench} and the system tests (through this module's test jar).
 */
public final class SmallStackEnvironment {
    /**
     * Small memory, disk and network caps (64 MB in 2 MB chunks, 50 I/O operations/s, 4 Mbps); the scope and the
     * safety rules stay the defaults.
     */
    public static final Map<String, String> SMALL_CAPS = Map.of(
            "STRESS_AGENT_LOAD_GENERATORS_MEMORY_LIMIT_GB", "0.0625",
            "STRESS_AGENT_LOAD_GENERATORS_MEMORY_CHUNK_SIZE_MB", "2",
            "STRESS_AGENT_LOAD_GENERATORS_IO_OPERATIONS_PER_SECOND", "50",
            "STRESS_AGENT_LOAD_GENERATORS_NETWORK_BANDWIDTH_MBPS", "4");

    /**
     * {@link #SMALL_CAPS}, one core per agent, and safety that tolerates the build: the host's CPU may sit at 100 % for
     * seconds, and swap only warns.
     */
    public static final Map<String, String> ONE_CORE_BESIDE_THE_BUILD = oneCoreBesideTheBuild();

    private SmallStackEnvironment() {
    }

    private static Map<String, String> oneCoreBesideTheBuild() {
        Map<String, String> env = new LinkedHashMap<>(SMALL_CAPS);
        env.put("STRESS_AGENT_LOAD_GENERATORS_CPU_CORES", "1");
        env.put("STRESS_SAFETY_RULES_CPU_LIMIT", "100");
        env.put("STRESS_SAFETY_RULES_SWAP_ACTION", "warn");
        return Map.copyOf(env);
    }
}
