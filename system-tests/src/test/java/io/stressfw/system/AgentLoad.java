package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.launcher.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent's load as the agent itself shows it: its own {@code GET /agent/status} and its process's CPU time in
 * {@code /proc}, never the orchestrator's view of it.
 */
final class AgentLoad {
    /** /proc counts CPU time in clock ticks of 10 ms (CLK_TCK 100 on Linux x86-64 and arm64). */
    private static final double TICKS_PER_SECOND = 100;
    /** An idle agent JVM (samples at 10 Hz, Kafka clients) costs a few percent of a core; a loaded one much more. */
    static final double IDLE_CPU_PERCENT = 10;

    private AgentLoad() {
    }

    static JsonNode status(ServiceProcess agent) {
        return Http.getJson(agent.url() + "/agent/status");
    }

    /** Every generator at a zero target and no load thread left, as the agent reports. */
    static boolean atZero(JsonNode status) {
        for (JsonNode generator : status.path("generators")) {
            if (generator.path("target_percent").asDouble() > 0) {
                return false;
            }
        }
        return status.path("resources").path("generator_threads").asInt() == 0;
    }

    static boolean atZero(ServiceProcess agent) {
        return atZero(status(agent));
    }

    /** Running {@code cycleId} with a non-zero target and load threads. */
    static boolean loadedBy(ServiceProcess agent, String cycleId) {
        JsonNode status = status(agent);
        return cycleId.equals(status.path("cycle_id").asText())
                && status.path("current_load_percent").asDouble() > 0
                && status.path("resources").path("generator_threads").asInt() > 0;
    }

    /**
     * Milliseconds from {@code since} (System.nanoTime) until each agent's own status is at zero, polled every 20 ms;
     * an agent still loaded after {@code timeout} is missing from the answer.
     */
    static Map<String, Double> timeToZero(List<ServiceProcess> agents, long since, Duration timeout) {
        Map<String, Double> zero = new LinkedHashMap<>();
        long deadline = since + timeout.toNanos();
        while (zero.size() < agents.size() && System.nanoTime() - deadline < 0) {
            for (ServiceProcess agent : agents) {
                if (!zero.containsKey(agent.name())) {
                    try {
                        if (atZero(agent)) {
                            zero.put(agent.name(), (System.nanoTime() - since) / 1e6);
                        }
                    } catch (RuntimeException e) {
                        // A status request that failed on a loaded machine: the next poll asks again.
                    }
                }
            }
            Scenarios.pause(Duration.ofMillis(20));
        }
        return zero;
    }

    /** The agent process's CPU use over {@code window}, in percent of one core, from /proc/<pid>/stat. */
    static double cpuPercent(ServiceProcess agent, Duration window) {
        long pid = agent.pid();
        double before = cpuSeconds(pid);
        long start = System.nanoTime();
        Scenarios.pause(window);
        double after = cpuSeconds(pid);
        return 100 * (after - before) / ((System.nanoTime() - start) / 1e9);
    }

    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // Fields after the command (which may hold spaces) start after the last ')': state is field 3, utime 14.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CPU time of pid " + pid + ": " + e.getMessage(), e);
        }
    }
}
