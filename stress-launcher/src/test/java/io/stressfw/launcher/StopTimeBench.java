package io.stressfw.launcher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long Ctrl-C (SIGTERM) of {@code ./stress up --agents 2} takes, with both agents loading the host: from the
 * signal to each agent's last load thread gone (read from {@code /proc/<pid>/task/*}/comm, every 2 ms), to each
 * child process gone, and to the launcher's own exit. Not part of {@code ./mvnw verify} (surefire runs *Test
 * classes only). Run after a build of everything:
 * <pre>
 * ./mvnw -B -ntp -q package -DskipTests
 * ./mvnw -B -ntp -o test -pl stress-launcher -am -Dtest=StopTimeBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbench.runs=5 [-Dbench.home=/path/to/another/checkout]
 * </pre>
 * It uses the default ports (8000-8002, 8100-8101, 9092), which must be free, so that an older launcher without
 * {@code --port-base} can be measured the same way. The table goes to {@code target/stop-time-bench.md}.
 */
class StopTimeBench {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void measure() throws Exception {
        Path home = Path.of(System.getProperty("bench.home", "..")).toAbsolutePath().normalize();
        int runs = Integer.getInteger("bench.runs", 5);
        Path work = Files.createDirectories(Path.of("target/stop-bench").toAbsolutePath());
        Path cycles = work.resolve("cycles.yaml");
        try (InputStream in = StopTimeBench.class.getResourceAsStream("/stop-bench-cycles.yaml")) {
            Files.copy(in, cycles, StandardCopyOption.REPLACE_EXISTING);
        }
        List<Map<String, Double>> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            results.add(once(home, work.resolve("run-" + run), cycles));
            System.out.println("run " + run + ": " + results.get(results.size() - 1));
        }
        StringBuilder table = new StringBuilder("| run |");
        List<String> columns = new ArrayList<>(results.get(0).keySet());
        columns.forEach(c -> table.append(' ').append(c).append(" |"));
        table.append("\n|---|").append("---:|".repeat(columns.size())).append('\n');
        for (int i = 0; i < results.size(); i++) {
            table.append("| ").append(i + 1).append(" |");
            for (String c : columns) {
                table.append(String.format(" %.0f |", results.get(i).get(c)));
            }
            table.append('\n');
        }
        table.append("| max |");
        for (String c : columns) {
            table.append(String.format(" %.0f |", results.stream().mapToDouble(r -> r.get(c)).max().orElse(0)));
        }
        table.append("\n\n(ms after SIGTERM to the launcher; ").append(home).append(", ").append(LocalDate.now())
                .append(", load average before the last run ").append(loadAverage()).append(")\n");
        Files.writeString(Path.of("target/stop-time-bench.md"), table);
        System.out.println(table);
    }

    private Map<String, Double> once(Path home, Path workDir, Path cycles) throws Exception {
        Path log = workDir.resolveSibling(workDir.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dstress.home=" + home,
                "-cp", home.resolve("stress-launcher/target/stress-launcher.jar") + ":" + home.resolve("stress-launcher/target/lib/*"),
                "io.stressfw.launcher.StressCli", "up", "--agents", "2", "--work-dir", workDir.toString(),
                "--config", cycles.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(SmallStackEnvironment.ONE_CORE_BESIDE_THE_BUILD);
        Process launcher = builder.start();
        try {
            String url = awaitOrchestrator(launcher, log);
            post(url + "/cycle/start", "{\"phases\":[\"heavy\"],\"override_safety\":true,\"override_safety_watchdog\":true}");
            Map<String, ProcessHandle> children = LaunchedChildren.byRole(launcher.toHandle());
            List<String> agents = children.keySet().stream().filter(n -> n.startsWith("agent-")).toList();
            awaitUntil(Duration.ofSeconds(60), () -> agents.stream().allMatch(a -> LaunchedChildren.loadThreads(children.get(a)) > 0),
                    "agents loaded");

            long t0 = System.nanoTime();
            launcher.destroy();
            Map<String, Double> gone = new LinkedHashMap<>();
            Map<String, Double> loadGone = new LinkedHashMap<>();
            while (launcher.isAlive() || children.values().stream().anyMatch(ProcessHandle::isAlive)) {
                double ms = (System.nanoTime() - t0) / 1e6;
                for (String agent : agents) {
                    if (!loadGone.containsKey(agent) && LaunchedChildren.loadThreads(children.get(agent)) == 0) {
                        loadGone.put(agent, ms);
                    }
                }
                children.forEach((name, handle) -> {
                    if (!gone.containsKey(name) && !handle.isAlive()) {
                        gone.put(name, ms);
                    }
                });
                if (ms > 60_000) {
                    throw new AssertionError("not stopped within 60 s: " + gone);
                }
                Thread.sleep(2);
            }
            double launcherGone = (System.nanoTime() - t0) / 1e6;
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("agents' load gone (later agent)", loadGone.values().stream().max(Double::compare).orElse(launcherGone));
            row.put("agents exited", agents.stream().mapToDouble(a -> gone.getOrDefault(a, launcherGone)).max().orElse(0));
            for (String name : List.of("orchestrator", "safety", "metrics", "kafka-broker")) {
                row.put(name + " exited", gone.getOrDefault(name, launcherGone));
            }
            row.put("launcher exited", launcherGone);
            return row;
        } finally {
            launcher.destroyForcibly();
        }
    }

    private static String awaitOrchestrator(Process launcher, Path log) throws Exception {
        Pattern ready = Pattern.compile("orchestrator\\s+(http://\\S+) ready");
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() - deadline < 0) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            Matcher m = ready.matcher(text);
            if (m.find() && text.contains("Press Ctrl-C")) {
                return m.group(1);
            }
            if (!launcher.isAlive()) {
                throw new AssertionError("launcher exited:\n" + text);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("stack not ready within 240 s:\n" + Files.readString(log));
    }

    private static void post(String url, String body) throws Exception {
        // Bounded: an answer that never comes fails the run instead of hanging the bench (seen once against main).
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new AssertionError(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static void awaitUntil(Duration timeout, java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " not reached within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
