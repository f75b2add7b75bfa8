package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.launcher.ServiceProcess;
import io.stressfw.model.MetricSample;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.WireCodec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The end-to-end latency benchmark of issue 9, on the real processes (not part of {@code ./mvnw verify}: surefire
 * runs only *Test classes). Run:
 * {@code ./mvnw -q -B install -DskipTests && ./mvnw -B test -pl system-tests -Dtest=StopLatencyBench -Dbench.runs=20}
 * <ul>
 *   <li>emergency stop: from sending {@code POST /emergency/stop} to the moment every agent reports its
 *   generators at zero ({@code last_stop_at_ms}, taken after the last generator stopped);</li>
 *   <li>detection: from producing one over-limit sample on {@code stress.samples} to every agent at zero, through
 *   safety's violation and emergency stop command;</li>
 *   <li>idle CPU (share of one core over 30 s, from /proc) and resident memory of every process.</li>
 * </ul>
 */
class StopLatencyBench {
    private static final int RUNS = Integer.getInteger("bench.runs", 20);

    @Test
    void measure() throws Exception {
        SystemStack.get();
        SystemStack.heal();
        StringBuilder out = new StringBuilder();

        List<Double> emergency = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            Scenarios.awaitIdle();
            Scenarios.resetSafety();
            awaitLoaded(Scenarios.startCycle("extreme"));
            long sent = System.currentTimeMillis();
            Http.Response response = Http.post(SystemStack.orchestrator() + "/emergency/stop", "{}");
            if (response.status() >= 300) {
                throw new AssertionError("emergency stop answered " + response.status() + ": " + response.body());
            }
            emergency.add(awaitEveryAgentStoppedAfter(sent));
        }

        List<Double> detection = new ArrayList<>();
        String rules = SystemStack.initialRules().toString().replaceFirst("]$",
                ",{\"id\":\"bench-trip\",\"metric\":\"bench_metric\",\"limit\":50,\"action\":\"stop\"}]");
        try (TopicProbe probe = new TopicProbe(SystemStack.get().bootstrapServers(), Topics.VIOLATIONS)) {
            // bench-host is a live host (a healthy sample every 100 ms, as metrics-service sends) that goes over
            // the limit once per run; a silent one would trip the stale-source rule instead.
            java.util.concurrent.ScheduledExecutorService healthy = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            healthy.scheduleAtFixedRate(() -> probe.send(Topics.SAMPLES, "bench-host", benchSample(0)),
                    0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
            try {
                for (int i = 0; i < RUNS; i++) {
                    Scenarios.awaitIdle();
                    Scenarios.resetSafety();
                    awaitLoaded(Scenarios.startCycle("extreme"));
                    Http.put(SystemStack.safety() + "/safety/thresholds", "{\"rules\":" + rules + "}");
                    long sent = System.currentTimeMillis();
                    probe.send(Topics.SAMPLES, "bench-host", benchSample(100));
                    detection.add(awaitEveryAgentStoppedAfter(sent));
                }
            } finally {
                healthy.shutdownNow();
            }
        }
        Scenarios.awaitIdle();
        Scenarios.resetSafety();

        out.append("\n| latency (ms) | runs | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|\n");
        out.append(row("POST /emergency/stop -> every agent at zero", emergency));
        out.append(row("over-limit sample -> every agent at zero", detection));

        out.append("\n| process | idle CPU (% of one core, 30 s) | RSS (MB) |\n|---|---:|---:|\n");
        Map<String, Long> pids = new LinkedHashMap<>();
        SystemStack.get().broker().ifPresent(b -> pids.put("kafka broker", b.pid()));
        for (ServiceProcess service : SystemStack.get().services()) {
            pids.put(service.name(), service.pid());
        }
        Thread.sleep(5_000);
        Map<String, Long> before = new LinkedHashMap<>();
        pids.forEach((name, pid) -> before.put(name, ProcCpu.processTicks(pid)));
        Thread.sleep(30_000);
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            double ticks = ProcCpu.processTicks(e.getValue()) - before.get(e.getKey());
            out.append(String.format("| %s | %.2f | %.0f |%n", e.getKey(), ticks / 100.0 / 30 * 100, rssMb(e.getValue())));
        }
        System.out.println(out);
        Files.writeString(Path.of("target/stop-latency-bench.md"), out.toString());
    }

    private static String benchSample(double value) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("bench_metric", value);
        // A plausible host otherwise, so that the pre-flight finds it fit.
        metrics.put("memory_usage", 10.0);
        metrics.put("disk_usage", 10.0);
        long now = System.currentTimeMillis();
        return WireCodec.encode(new MetricSample(Versioned.SCHEMA_VERSION, "bench-host", SourceKind.HOST, "bench-host",
                now, null, null, metrics, null));
    }

    private static void awaitLoaded(String cycleId) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                SystemStack.agents().stream().allMatch(agent -> {
                    JsonNode status = SystemStack.agentStatus(agent);
                    return cycleId.equals(status.path("cycle_id").asText())
                            && status.path("generators").path("cpu").path("achieved_percent").asDouble() > 0;
                }));
    }

    private static double awaitEveryAgentStoppedAfter(long sentMs) {
        List<Long> stops = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            stops.clear();
            for (ServiceProcess agent : SystemStack.agents()) {
                long stoppedAt = SystemStack.agentStatus(agent).path("last_stop_at_ms").asLong(0);
                if (stoppedAt < sentMs) {
                    return false;
                }
                stops.add(stoppedAt);
            }
            return true;
        });
        return Collections.max(stops) - sentMs;
    }

    private static String row(String what, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("| %s | %d | %.0f | %.0f | %.0f | %.0f |%n", what, sorted.size(),
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** utime + stime of the process, in clock ticks (100 per second on Linux). */
    private static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
