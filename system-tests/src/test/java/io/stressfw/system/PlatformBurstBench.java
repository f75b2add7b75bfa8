package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.kafka.Directories;
import io.stressfw.launcher.LaunchOptions;
import io.stressfw.launcher.LocalStack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
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
 * <p>Starts the whole platform fresh with its defaults (one agent, host CPU mode, default caps and rules) and the
 * system tests' plan (the bundled light/medium/heavy with short holds), samples the host's CPU every 100 ms as
 * metrics-service does (from /proc/stat) and the platform processes' own CPU (/proc/PID/schedstat), through the
 * start-up, a quiet minute and {@code bench.cycles} cycles; then lists every run of samples at or over 90 and 95 %
 * with its length and what the platform itself used meanwhile. Table in target/platform-bursts.md.
 */
class PlatformBurstBench {
    private static final int CYCLES = Integer.getInteger("bench.cycles", 3);
    private static final long SAMPLE_MS = 100;

    record Sample(long atMs, String segment, double hostBusy, double platformShare) {
    }

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
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
        try (LocalStack stack = LocalStack.start(LaunchOptions.forTests(home, work.resolve("run"), 1).withCyclesConfig(plan))) {
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
        String table = table();
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
            System.out.println("cycle " + cycle + ": " + report.path("outcome").asText() + " " + report.path("verdict_reason").asText(""));
            return !report.path("ended_at_ms").isNull();
        });
    }

    private void sample() {
        long[] lastHost = hostTicks();
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
            long[] host = hostTicks();
            long nanos = System.nanoTime();
            double busy = host[0] - lastHost[0] <= 0 ? 0 : 100.0 * (host[1] - lastHost[1]) / (host[0] - lastHost[0]);
            long own = 0;
            for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
                long cpu = schedNanos(child.pid());
                Long before = lastOwn.put(child.pid(), cpu);
                own += before == null ? 0 : Math.max(0, cpu - before);
            }
            double share = 100.0 * own / (nanos - lastNanos) / Runtime.getRuntime().availableProcessors();
            samples.add(new Sample(System.currentTimeMillis(), now == null ? "end" : now, busy, share));
            lastHost = host;
            lastNanos = nanos;
        }
    }

    private String table() {
        StringBuilder out = new StringBuilder("\n| segment | samples | host max % | longest run >= 90 % (ms) | longest run >= 95 % (ms) "
                + "| runs >= 95 % | platform's own share max % |\n|---|---:|---:|---:|---:|---:|---:|\n");
        List<String> order = new ArrayList<>();
        samples.forEach(s -> {
            if (!order.contains(s.segment())) {
                order.add(s.segment());
            }
        });
        for (String name : order) {
            List<Sample> part = samples.stream().filter(s -> s.segment().equals(name)).toList();
            out.append(String.format("| %s | %d | %.0f | %d | %d | %d | %.0f |%n", name, part.size(),
                    part.stream().mapToDouble(Sample::hostBusy).max().orElse(0), longestRun(part, 90) * SAMPLE_MS,
                    longestRun(part, 95) * SAMPLE_MS, runs(part, 95),
                    part.stream().mapToDouble(Sample::platformShare).max().orElse(0)));
        }
        return out.toString();
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

    /** Total and busy jiffies of the host (first line of /proc/stat; idle and iowait are not busy). */
    private static long[] hostTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[]{total, total - idle};
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long schedNanos(long pid) {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/" + pid + "/schedstat")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
