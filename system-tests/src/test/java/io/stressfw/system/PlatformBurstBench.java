package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.kafka.Directories;
import io.stressfw.launcher.LaunchOptions;
import io.stressfw.launcher.LocalStack;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/**
 * The platform's own CPU bursts, which the safety rules' windows must ride over (not part of {@code ./mvnw verify}:
 * surefire runs only *Test classes). Run after a build:
 * {@code ./mvnw -B test -pl system-tests -Dtest=PlatformBurstBench -Dbench.cycles=3}
 *
 * <p>Starts the whole platform fresh with its defaults (one agent, host scope, default caps and rules) and the
 * system tests' plan (the bundled light/medium/heavy with short holds), samples the host's CPU every 100 ms as
 * metrics-service does (from /proc/stat) and the platform processes' own CPU (/proc/PID/stat), through the
 * start-up, a quiet minute and {@code bench.cycles} cycles; then lists every run of samples at or over 90 and 95 %
 * with its length and what the platform itself used meanwhile. Table in target/platform-bursts.md.
 */
class PlatformBurstBench {
    private static final int CYCLES = Integer.getInteger("bench.cycles", 3);
    private static final long SAMPLE_MS = 100;

    /** The platform's processes, told apart by their command line (the first name it contains). */
    private static final List<String> PROCESSES = List.of("load-agent-service", "metrics-service", "safety-service",
            "orchestrator-service", "kafka");

    /**
     * One 100 ms sample: the host's busy %, the platform's and the agents' own CPU in % of the host, and each platform
     * process's share (in {@link #PROCESSES} order).
     */
    record Sample(long atMs, String segment, double hostBusy, double platformShare, double agentShare, double[] byProcess) {
    }

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private volatile String segment = "start-up";

    @Test
    void measure() throws Exception {
        Path home = Path.of(System.getProperty("stress.home", "..")).toAbsolutePath().normalize();
        Path work = Path.of("target/platform-bursts").toAbsolutePath();
        Directories.deleteRecursively(work);
        Files.createDirectories(work);
        Path plan = work.resolve("cycles.yaml");
        Files.copy(PlatformBurstBench.class.getResourceAsStream("/system-test-cycles.yaml"), plan);
        Thread sampler = new Thread(this::sample, "burst-sampler");
        sampler.setDaemon(true);
        sampler.start();
        try (LocalStack stack = LocalStack.start(LaunchOptions.forTests(home, work.resolve("run"), 1).withCyclesConfig(plan)
                .withKeepData(true))) {
            String orchestrator = stack.service(LocalStack.ORCHESTRATOR).url();
            segment = "start-up (ready + 5 s)";
            Thread.sleep(5_000);
            segment = "idle, 30 s";
            Thread.sleep(30_000);
            for (int i = 1; i <= CYCLES; i++) {
                segment = "cycle " + i + ": start and light";
                Http.Response started = Http.post(orchestrator + "/cycle/start",
                        "{\"phases\":[\"light\",\"medium\",\"heavy\"],\"wait_for_fit\":60}");
                if (started.status() != 202) {
                    throw new AssertionError("start answered " + started.status() + ": " + started.body());
                }
                String cycleId = started.json().path("cycle_id").asText();
                followPhases(orchestrator, cycleId, i);
                segment = "between cycles";
                Thread.sleep(5_000);
            }
        } finally {
            segment = null;
            sampler.join(1_000);
        }
        String table = table() + "\n" + processTable() + "\n" + String.join("\n", outcomes) + "\n";
        StringBuilder csv = new StringBuilder("at_ms,segment,host_busy,platform_share,agent_share,"
                + String.join(",", PROCESSES) + "\n");
        samples.forEach(x -> {
            csv.append(x.atMs()).append(',').append(x.segment()).append(',').append(String.format(java.util.Locale.ROOT,
                    "%.1f,%.1f,%.1f", x.hostBusy(), x.platformShare(), x.agentShare()));
            for (double share : x.byProcess()) {
                csv.append(String.format(java.util.Locale.ROOT, ",%.1f", share));
            }
            csv.append('\n');
        });
        Files.writeString(Path.of("target/platform-bursts.csv"), csv);
        System.out.println(table);
        Files.writeString(Path.of("target/platform-bursts.md"), table);
    }

    private void followPhases(String orchestrator, String cycleId, int cycle) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            JsonNode status = Http.getJson(orchestrator + "/status");
            if (cycleId.equals(status.path("cycle_id").asText())) {
                segment = "cycle " + cycle + ": " + status.path("current_phase").asText() + " " + status.path("stage").asText();
                return false;
            }
            JsonNode report = Http.getJson(orchestrator + "/cycles/" + cycleId);
            if (report.path("ended_at_ms").isNull()) {
                return false;
            }
            outcomes.add("cycle " + cycle + ": " + report.path("outcome").asText() + " "
                    + report.path("reason").asText(report.path("verdict_reason").asText("")));
            return true;
        });
    }

    private void sample() {
        long[] lastHost = ProcCpu.hostTicks();
        Map<Long, Long> lastOwn = new java.util.HashMap<>();
        long lastNanos = System.nanoTime();
        while (true) {
            String now = segment;
            if (now == null && !samples.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(SAMPLE_MS);
            } catch (InterruptedException e) {
                return;
            }
            long[] host = ProcCpu.hostTicks();
            long nanos = System.nanoTime();
            double busy = host[1] - lastHost[1] <= 0 ? 0 : 100.0 * (host[0] - lastHost[0]) / (host[1] - lastHost[1]);
            long own = 0;
            long[] byProcess = new long[PROCESSES.size()];
            for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
                long cpu = ProcCpu.processTicks(child.pid());
                Long before = lastOwn.put(child.pid(), cpu);
                long used = before == null ? 0 : Math.max(0, cpu - before);
                own += used;
                String args = child.info().arguments().map(a -> String.join(" ", a)).orElse("");
                for (int i = 0; i < PROCESSES.size(); i++) {
                    if (args.contains(PROCESSES.get(i))) {
                        byProcess[i] += used;
                        break;
                    }
                }
            }
            double toShare = 100.0 * 10_000_000L / (nanos - lastNanos) / Runtime.getRuntime().availableProcessors();
            double[] shares = java.util.Arrays.stream(byProcess).mapToDouble(t -> t * toShare).toArray();
            samples.add(new Sample(System.currentTimeMillis(), now == null ? "end" : now, busy, own * toShare,
                    shares[PROCESSES.indexOf("load-agent-service")], shares));
            lastHost = host;
            lastNanos = nanos;
        }
    }

    private String table() {
        StringBuilder out = new StringBuilder("\n| segment | samples | host max % | longest run >= 90 % (ms) | longest run >= 95 % (ms) "
                + "| runs >= 95 % | platform's own share, 500 ms mean: max % | its longest run >= 90 % (ms) | its mean % "
                + "| agents' share, 500 ms mean: max % |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> order = new ArrayList<>();
        samples.forEach(s -> {
            if (!order.contains(s.segment())) {
                order.add(s.segment());
            }
        });
        for (String name : order) {
            List<Sample> part = samples.stream().filter(s -> s.segment().equals(name)).toList();
            out.append(String.format("| %s | %d | %.0f | %d | %d | %d | %.0f | %d | %.0f | %.0f |%n", name, part.size(),
                    part.stream().mapToDouble(Sample::hostBusy).max().orElse(0), longestRun(part, 90) * SAMPLE_MS,
                    longestRun(part, 95) * SAMPLE_MS, runs(part, 95),
                    java.util.Arrays.stream(smoothed(part, Sample::platformShare)).max().orElse(0),
                    longestOwnRun(part, 90) * SAMPLE_MS,
                    part.stream().mapToDouble(Sample::platformShare).average().orElse(0),
                    java.util.Arrays.stream(smoothed(part, Sample::agentShare)).max().orElse(0)));
        }
        return out.toString();
    }

    /** Per segment, each platform process's highest 500 ms mean share of the host (who bursts when). */
    private String processTable() {
        StringBuilder out = new StringBuilder("| segment | " + String.join(" | ", PROCESSES)
                + " (each: highest 500 ms mean, % of the host) |\n|---|" + "---:|".repeat(PROCESSES.size()) + "\n");
        List<String> order = new ArrayList<>();
        samples.forEach(s -> {
            if (!order.contains(s.segment())) {
                order.add(s.segment());
            }
        });
        for (String name : order) {
            List<Sample> part = samples.stream().filter(s -> s.segment().equals(name)).toList();
            out.append("| ").append(name).append(" |");
            for (int p = 0; p < PROCESSES.size(); p++) {
                int index = p;
                out.append(String.format(" %.0f |", java.util.Arrays.stream(smoothed(part, s -> s.byProcess()[index])).max().orElse(0)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** A share averaged over 500 ms (clock ticks are 10 ms: one 100 ms sample is too coarse alone). */
    private static double[] smoothed(List<Sample> part, java.util.function.ToDoubleFunction<Sample> share) {
        double[] smoothed = new double[part.size()];
        for (int i = 0; i < part.size(); i++) {
            double sum = 0;
            int n = 0;
            for (int j = Math.max(0, i - 4); j <= i; j++) {
                sum += share.applyAsDouble(part.get(j));
                n++;
            }
            smoothed[i] = sum / n;
        }
        return smoothed;
    }

    private static int longestRun(List<Sample> part, double limit) {
        int longest = 0;
        int run = 0;
        for (Sample s : part) {
            run = s.hostBusy() >= limit ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private static int longestOwnRun(List<Sample> part, double limit) {
        int longest = 0;
        int run = 0;
        for (double share : smoothed(part, Sample::platformShare)) {
            run = share >= limit ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private static int runs(List<Sample> part, double limit) {
        int runs = 0;
        boolean in = false;
        for (Sample s : part) {
            boolean over = s.hostBusy() >= limit;
            if (over && !in) {
                runs++;
            }
            in = over;
        }
        return runs;
    }
}
