package io.stressfw.launcher;

import io.stressfw.kafka.LocalJvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * How a local run starts each packaged service's JVM. The platform's own cost lands on the host it measures, so the
 * options are chosen for a small footprint and each was kept only because it measured better
 * ({@code docs/benchmarks.md}, "Footprint", with {@code bench/footprint.py}):
 * <ul>
 *   <li>C1 only ({@code -XX:TieredStopAtLevel=1}): five JVMs starting at once on two cores spend about 40 % less CPU
 *   before they are ready, and none compiles with C2 for minutes after it (3-4 % of a core each at 10 Hz).</li>
 *   <li>A small young generation and a heap that grows from 8 MB and gives memory back after a full collection: a
 *   service's live set is 10-20 MB. The cap stays at 256 MB.</li>
 *   <li>No perf-data file ({@code -XX:-UsePerfData}: no 50 ms statistics sampler; {@code jps} no longer lists the
 *   JVMs, {@code jcmd PID} still works), glibc's malloc with two arenas.</li>
 *   <li>The native heap trimmed every 5 s ({@code -XX:TrimNativeHeapInterval}, JDK 17.0.9 and later; left out on a JVM
 *   without it): glibc keeps what start-up (class loading, compilation) freed; trimming gave back 4-5 MB of RSS per
 *   service, for a {@code malloc_trim} of about a millisecond.</li>
 *   <li>The agent and metrics-service compile a method after a tenth of the usual invocations
 *   ({@code -XX:CompileThresholdScaling=0.1}): their idle duties run once a second, so at the usual 200 invocations
 *   they stayed interpreted, and C1 kept compiling, for minutes after ready. The agent idled at 0.84 % of a core
 *   instead of 1.41 % (its C1 thread and consumers cheaper), metrics-service at 1.32 % instead of 1.74 %. Not for
 *   the orchestrator and safety: no gain measured there, and 8 MB more code each.</li>
 *   <li>No bytecode verification of the build's own classpath ({@link LocalJvm#withoutClasspathVerification()}):
 *   the platform ready in 18.4 s instead of 21.2 s on average (2026-12-01), 6-8 MB less RSS per service.</li>
 * </ul>
 */
public final class ServiceJvmOptions {
    /** Fewer glibc malloc arenas than the default (8 per core): the JVMs' native memory stays in fewer, fuller ones. */
    public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");
    private static final Set<String> COMPILE_EARLY = Set.of("load-agent-service", "metrics-service");

    private ServiceJvmOptions() {
    }

    /** The JVM options of a module's service ({@code load-agent-service}, {@code metrics-service}, ...). */
    public static List<String> of(String module, long physicalMemoryMb) {
        return of(module, physicalMemoryMb, LocalJvm::knows);
    }

    /** As {@link #of(String, long)}, with {@code jvmHasOption} telling whether the services' JVM knows a -XX option. */
    static List<String> of(String module, long physicalMemoryMb, Predicate<String> jvmHasOption) {
        List<String> jvm = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx256m", "-Xmn4m",
                "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData"));
        if (jvmHasOption.test("TrimNativeHeapInterval")) {
            jvm.add("-XX:TrimNativeHeapInterval=5000");
        }
        jvm.addAll(LocalJvm.withoutClasspathVerification());
        if (COMPILE_EARLY.contains(module)) {
            jvm.add("-XX:CompileThresholdScaling=0.1");
        }
        if (module.equals("load-agent-service")) {
            // The memory generator allocates off-heap; its own cap (80% of memory by default) is the real limit.
            jvm.add("-XX:MaxDirectMemorySize=" + physicalMemoryMb + "m");
        }
        return jvm;
    }
}
