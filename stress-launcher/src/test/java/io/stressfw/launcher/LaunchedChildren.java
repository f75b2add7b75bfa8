package io.stressfw.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a running {@code ./stress up} started, read from /proc rather than from what the services report: its child
 * processes by role and how many threads an agent loads the host with. Shared by {@link StopTimeBench} and the system
 * tests' {@code LauncherProcess} (through this module's test jar).
 */
public final class LaunchedChildren {
    /** The threads an agent makes load with; their names come from load-agent-service's generators. */
    private static final Pattern LOAD_THREAD = Pattern.compile("agent-(cpu-\\d+|memory|io|network|sink-conn)");

    private LaunchedChildren() {
    }

    /** The launcher's children by role: each service's {@code STRESS_INSTANCE_ID}, and {@code kafka-broker}. */
    public static Map<String, ProcessHandle> byRole(ProcessHandle launcher) {
        Map<String, ProcessHandle> children = new LinkedHashMap<>();
        launcher.children().forEach(child -> children.put(role(child), child));
        return children;
    }

    /** A child's role: the service's {@code STRESS_INSTANCE_ID}, or {@code kafka-broker} (which has none). */
    public static String role(ProcessHandle process) {
        try {
            for (String entry : new String(Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "environ"))).split("\0")) {
                if (entry.startsWith("STRESS_INSTANCE_ID=")) {
                    return entry.substring("STRESS_INSTANCE_ID=".length());
                }
            }
        } catch (IOException ignored) {
            // Gone already: the caller finds no such role, or waits for no such service.
        }
        return "kafka-broker";
    }

    /** How many threads of {@code agent} make load right now, from /proc: what the agent runs, not what it reports. */
    public static int loadThreads(ProcessHandle agent) {
        Path tasks = Path.of("/proc", String.valueOf(agent.pid()), "task");
        int count = 0;
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) list::iterator) {
                try {
                    if (LOAD_THREAD.matcher(Files.readString(task.resolve("comm")).trim()).matches()) {
                        count++;
                    }
                } catch (IOException ignored) {
                    // The thread ended while the list was read.
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return count;
    }
}
