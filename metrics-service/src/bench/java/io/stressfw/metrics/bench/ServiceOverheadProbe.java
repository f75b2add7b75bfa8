package io.stressfw.metrics.bench;

import io.stressfw.kafka.EmbeddedKafkaBroker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU overhead of the packaged metrics-service, from /proc: starts a broker, runs the service as its own process
 * (sampling at 10 Hz, then with sampling off for comparison), lets it warm up, then reads the process's and each
 * thread's utime+stime over the measuring window and prints them in percent of one core.
 * Arguments: path of quarkus-run.jar, measuring seconds (default 60), warm-up seconds (default 30), which runs
 * ({@code both}, {@code on} or {@code off}; default both), then any JVM flags to pass to the service (to compare
 * launch options on the same build).
 */
public final class ServiceOverheadProbe {
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;
    private static final Pattern THREAD_LINE = Pattern.compile("(?m)^\"([^\"]*)\".* nid=0x([0-9a-f]+) ");

    private ServiceOverheadProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        String runs = args.length > 3 ? args[3] : "both";
        if (!List.of("both", "on", "off").contains(runs)) {
            throw new IllegalArgumentException("runs must be both, on or off, was " + runs);
        }
        List<String> jvmFlags = args.length > 4 ? List.of(args).subList(4, args.length) : List.of();
        // A first calibration lets this JVM compile the workload, so the ones around the windows compare like with like.
        calibrationMillis();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build()) {
            String bootstrap = broker.start();
            System.out.printf("%s machine load before: %s; service JVM flags: %s%n", Instant.now(), loadAverage(),
                    jvmFlags);
            if (!runs.equals("off")) {
                measure(jar, bootstrap, true, seconds, warmup, jvmFlags);
            }
            if (!runs.equals("on")) {
                measure(jar, bootstrap, false, seconds, warmup, jvmFlags);
            }
            System.out.printf("%s machine load after: %s%n", Instant.now(), loadAverage());
        }
    }

    /**
     * CPU time of a fixed single-threaded workload (strings, boxing, a hash map: the kind of work the service does),
     * best of five after three warm-up rounds, taken just before and just after each window. The shared VMs these
     * figures come from change speed by a factor of two within the hour (one build measured 3.2 % and 1.55 % 15
     * minutes apart), so every window prints this to tell a slow machine from slow code.
     */
    private static double calibrationMillis() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        double checksum = 0;
        for (int round = 0; round < 8; round++) {
            long start = threads.getCurrentThreadCpuTime();
            Map<String, Double> sums = new HashMap<>();
            for (int i = 0; i < 500_000; i++) {
                checksum += sums.merge("metric_" + (i % 1000), (double) i, Double::sum);
            }
            long spent = threads.getCurrentThreadCpuTime() - start;
            if (round >= 3) {
                best = Math.min(best, spent);
            }
        }
        if (checksum < 0) {
            throw new IllegalStateException("unreachable; keeps the work from being optimised away");
        }
        return best / 1e6;
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private static void measure(Path jar, String bootstrap, boolean sampling, int seconds, int warmup,
                                List<String> jvmFlags) throws Exception {
        Path data = Files.createTempDirectory("metrics-overhead-");
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-Dstress.metrics.sampling.enabled=" + sampling, "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve("service.log").toFile());
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        builder.environment().put("STRESS_HTTP_PORT", String.valueOf(freePort()));
        builder.environment().put("STRESS_DATA_DIR", data.toString());
        builder.environment().put("STRESS_INSTANCE_ID", "overhead-probe-" + sampling);
        Process service = builder.start();
        try {
            Thread.sleep(warmup * 1000L);
            long pid = service.pid();
            double calibrationBefore = calibrationMillis();
            System.out.printf("%s window starts, machine load %s%n", Instant.now(), loadAverage());
            Map<Long, String> javaNames = javaThreadNames(pid);
            long processBefore = processTicks(pid);
            Map<String, long[]> threadsBefore = threadTicks(pid, javaNames);
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long processAfter = processTicks(pid);
            Map<String, long[]> threadsAfter = threadTicks(pid, javaNames);
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s window ends, machine load %s; calibration %.1f ms before, %.1f ms after%n",
                    Instant.now(), loadAverage(), calibrationBefore, calibrationMillis());
            System.out.printf(Locale.ROOT, "sampling=%s window=%.1fs process=%.3f%% of one core%n",
                    sampling ? "10Hz" : "off", elapsed, percent(processAfter - processBefore, elapsed));
            Map<String, long[]> spent = new HashMap<>();
            threadsAfter.forEach((name, ticks) -> {
                long[] before = threadsBefore.getOrDefault(name, new long[2]);
                spent.put(name, new long[]{ticks[0] - before[0], ticks[1] - before[1]});
            });
            spent.entrySet().stream().filter(e -> e.getValue()[0] > 0)
                    .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed())
                    .limit(25)
                    .forEach(e -> System.out.printf(Locale.ROOT, "    thread %-60s %.3f%% (in the kernel %.3f%%)%n",
                            e.getKey(), percent(e.getValue()[0], elapsed), percent(e.getValue()[1], elapsed)));
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    private static double percent(long ticks, double seconds) {
        return 100.0 * ticks / CLOCK_TICKS_PER_SECOND / seconds;
    }

    /**
     * utime + stime and stime alone (fields 14 and 15) of a /proc stat line; the command name may hold spaces, so
     * count after ')'.
     */
    private static long[] ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long system = Long.parseLong(f[12]);
        return new long[]{Long.parseLong(f[11]) + system, system};
    }

    private static long processTicks(long pid) throws IOException {
        return ticks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")))[0];
    }

    /**
     * CPU ticks (total, in the kernel) per thread name (threads of one name, such as GC workers, summed, numbers replaced by #). The kernel
     * keeps only 15 characters of a thread name, which cannot tell Kafka's or SmallRye's threads apart, so the full
     * Java names come from the JVM's thread dump by native id where it has them.
     */
    private static Map<String, long[]> threadTicks(long pid, Map<Long, String> javaNames) throws IOException {
        Map<String, long[]> byName = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = javaNames.getOrDefault(Long.parseLong(task.getFileName().toString()),
                            Files.readString(task.resolve("comm")).trim()).replaceAll("[0-9]+$", "#");
                    byName.merge(name, ticks(Files.readString(task.resolve("stat"))),
                            (a, b) -> new long[]{a[0] + b[0], a[1] + b[1]});
                } catch (IOException e) {
                    // The thread ended between the listing and the read.
                }
            }
        }
        return byName;
    }

    /** Native thread id to thread name, from {@code jcmd <pid> Thread.print} (one safepoint, before the window). */
    private static Map<Long, String> javaThreadNames(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
        Process dump = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.print").start();
        Map<Long, String> names = new HashMap<>();
        Matcher m = THREAD_LINE.matcher(new String(dump.getInputStream().readAllBytes()));
        while (m.find()) {
            names.put(Long.parseLong(m.group(2), 16), m.group(1));
        }
        dump.waitFor();
        return names;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
