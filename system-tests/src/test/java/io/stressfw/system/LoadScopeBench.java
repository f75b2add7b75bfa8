package io.stressfw.system;

import io.stressfw.kafka.Directories;
import io.stressfw.launcher.LaunchOptions;
import io.stressfw.launcher.LocalStack;
import io.stressfw.launcher.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.awaitility.Awaitility.await;

/**
 * The whole host's CPU against the target with 1, 2 and 3 agents on this host in the default host scope (not part of
 * {@code ./mvnw verify}: surefire runs only *Test classes). Run after a build:
 * {@code ./mvnw -B -o test -pl kafka-broker,stress-launcher,system-tests -Dtest=LoadScopeBench
 * -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dbench.agents=1,2,3] [-Dbench.levels=25,50,75]}
 *
 * <p>For each number of agents, a fresh platform with the defaults; for each level a CPU-only quick cycle (28 s,
 * 2 s ramp-up); from 4 s into the hold, ten one-second samples of {@code /proc/stat} (the host) and of the agents'
 * own {@code /proc/PID/stat}. Reports the mean host utilisation, the mean and worst one-second error, the agents' own
 * share and the rest of the machine's ("other": everything but the agents, the platform's other services included)
 * and the load average at the start, so that a reader sees how quiet the machine was. Table in
 * target/load-scope-bench.md.
 */
class LoadScopeBench {
    @Test
    void measure() throws Exception {
        List<Integer> agentCounts = Arrays.stream(System.getProperty("bench.agents", "1,2,3").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        List<Double> levels = Arrays.stream(System.getProperty("bench.levels", "25,50,75").split(","))
                .map(String::trim).map(Double::parseDouble).toList();
        Path home = Path.of(System.getProperty("stress.home", "..")).toAbsolutePath().normalize();
        List<String> rows = new ArrayList<>();
        for (int agents : agentCounts) {
            Path work = Path.of("target/load-scope-bench").toAbsolutePath();
            Directories.deleteRecursively(work);
            Files.createDirectories(work);
            try (LocalStack stack = LocalStack.start(LaunchOptions.forTests(home, work.resolve("run"), agents)
                    .withKeepData(true))) {
                String orchestrator = stack.service(LocalStack.ORCHESTRATOR).url();
                List<Long> pids = stack.agents().stream().map(ServiceProcess::pid).toList();
                for (double level : levels) {
                    String load = loadAverage();
                    Http.Response started = Http.post(orchestrator + "/cycle/quick", """
                            {"target_load": %s, "duration": 28, "ramp_up_seconds": 2, "ramp_down_seconds": 1,
                             "weights": {"cpu": 1, "memory": 0, "io": 0, "network": 0}, "wait_for_fit": 120,
                             "min_agents": %d}""".formatted(level, agents));
                    if (started.status() != 202) {
                        throw new AssertionError("start answered " + started.status() + ": " + started.body());
                    }
                    String cycleId = started.json().path("cycle_id").asText();
                    await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                            .until(() -> "hold".equals(Http.getJson(orchestrator + "/status").path("stage").asText()));
                    Thread.sleep(4000);
                    List<double[]> seconds = sample(pids, 10);
                    double host = seconds.stream().mapToDouble(s -> s[0]).average().orElseThrow();
                    double meanAbs = seconds.stream().mapToDouble(s -> Math.abs(s[0] - level)).average().orElseThrow();
                    double worst = seconds.stream().mapToDouble(s -> Math.abs(s[0] - level)).max().orElseThrow();
                    double own = seconds.stream().mapToDouble(s -> s[1]).average().orElseThrow();
                    double otherMax = seconds.stream().mapToDouble(s -> s[0] - s[1]).max().orElseThrow();
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() ->
                            Http.getJson(orchestrator + "/cycles/" + cycleId).path("ended_at_ms").isNumber());
                    double reported = Http.getJson(orchestrator + "/cycles/" + cycleId).path("phases").path(0)
                            .path("hosts").path(0).path("achieved").path("cpu").asDouble(Double.NaN);
                    rows.add(String.format(Locale.ROOT, "| %d | %.0f | %.2f | %+.2f | %.2f | %.2f | %.1f | %.1f / %.1f | %.1f | %s |",
                            agents, level, host, host - level, meanAbs, worst, own, host - own, otherMax, reported, load));
                    System.out.println(rows.get(rows.size() - 1));
                    Thread.sleep(3000);
                }
            }
        }
        String table = "| agents | target % | host mean % | error | mean abs 1 s error | worst 1 s | agents' own % | "
                + "other mean / max % | report's host CPU % | load average (1, 5, 15 min) at start |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n" + String.join("\n", rows) + "\n";
        Files.writeString(Path.of("target/load-scope-bench.md"), table);
        System.out.println(table);
    }

    /** One-second samples: the host's utilisation and the agents' processes', both in % of all the host's cores. */
    private static List<double[]> sample(List<Long> pids, int count) throws InterruptedException {
        List<double[]> out = new ArrayList<>();
        ProcCpu.Reading previous = ProcCpu.read(pids);
        for (int i = 0; i < count; i++) {
            Thread.sleep(1000);
            ProcCpu.Reading now = ProcCpu.read(pids);
            out.add(new double[]{now.hostPercentSince(previous), now.processPercentSince(previous)});
            previous = now;
        }
        return out;
    }

    private static String loadAverage() throws java.io.IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return f[0] + ", " + f[1] + ", " + f[2];
    }
}
