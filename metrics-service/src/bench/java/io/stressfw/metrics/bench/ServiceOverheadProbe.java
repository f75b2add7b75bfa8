package io.stressfw.metrics.bench;

import io.stressfw.kafka.EmbeddedKafkaBroker;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU overhead of the packaged metrics-service, from /proc: starts a broker, runs the service as its own process
 * (sampling at 10 Hz, then with sampling off for comparison), lets it warm up, then reads the process's and each
 * thread's utime+stime over the measuring window and prints them in percent of one core.
 * Arguments: path of quarkus-run.jar, measuring seconds (default 60), warm-up seconds (default 30).
 */
public final class ServiceOverheadProbe {
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    private ServiceOverheadProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build()) {
            String bootstrap = broker.start();
            System.out.printf("machine load before: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
            measure(jar, bootstrap, true, seconds, warmup);
            measure(jar, bootstrap, false, seconds, warmup);
            System.out.printf("machine load after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        }
    }

    private static void measure(Path jar, String bootstrap, boolean sampling, int seconds, int warmup) throws Exception {
        Path data = Files.createTempDirectory("metrics-overhead-");
        List<String> command = new ArrayList<>(List.of("java", "-Dstress.metrics.sampling.enabled=" + sampling,
                "-jar", jar.toString()));
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
            long processBefore = processTicks(pid);
            Map<String, Long> threadsBefore = threadTicks(pid);
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long processAfter = processTicks(pid);
            Map<String, Long> threadsAfter = threadTicks(pid);
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "sampling=%s window=%.1fs process=%.3f%% of one core%n",
                    sampling ? "10Hz" : "off", elapsed, percent(processAfter - processBefore, elapsed));
            Map<String, Long> spent = new HashMap<>();
            threadsAfter.forEach((name, ticks) -> spent.put(name, ticks - threadsBefore.getOrDefault(name, 0L)));
            spent.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                    .forEach(e -> System.out.printf(Locale.ROOT, "    thread %-40s %.3f%%%n", e.getKey(),
                            percent(e.getValue(), elapsed)));
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    private static double percent(long ticks, double seconds) {
        return 100.0 * ticks / CLOCK_TICKS_PER_SECOND / seconds;
    }

    /** utime + stime (fields 14 and 15) of a /proc stat line; the command name may hold spaces, so count after ')'. */
    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long processTicks(long pid) throws IOException {
        return ticks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
    }

    /** CPU ticks per thread name (threads of one name, such as GC workers, summed). */
    private static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> byName = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+$", "#");
                    byName.merge(name, ticks(Files.readString(task.resolve("stat"))), Long::sum);
                } catch (IOException e) {
                    // The thread ended between the listing and the read.
                }
            }
        }
        return byName;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
