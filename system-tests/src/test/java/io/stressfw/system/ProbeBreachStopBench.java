package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.launcher.ServiceProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * The time from a probe rule's breach to the load at zero, end to end on {@link SloStack} (not part of
 * {@code ./mvnw verify}: surefire runs only *Test classes). Run after a build:
 * {@code ./mvnw -B -ntp -o test -pl stress-model,kafka-broker,stress-launcher,system-tests -Dtest=ProbeBreachStopBench -Dbench.runs=5 -Dsurefire.failIfNoSpecifiedTests=false}
 *
 * <p>Each run starts a LIGHT cycle (CPU at 20 %) whose phase has one probe rule, waits for its hold, then breaks the
 * service and measures from that moment (the test's wall clock) to the later agent's {@code last_stop_at_ms} (same
 * host clock). Three rules: the agents' {@code edge} probe (http every 200 ms, 1 s window) with
 * {@code probe.edge.error_rate > 0.5} flat (500 ms), the service's {@code /status} answering 503; the same with
 * {@code for: 1s}; and the orchestrator's PromQL {@code queue_depth} probe (every 500 ms, Prometheus scraping every
 * second) with {@code probe.queue_depth > 100 for 1s}, the exported gauge jumping to 500. Table in
 * target/probe-breach-stop-bench.md.
 */
@Tag("slo-probes")
class ProbeBreachStopBench {
    private static final int RUNS = Integer.getInteger("bench.runs", 5);

    @Test
    void measure() throws Exception {
        StringBuilder out = new StringBuilder("\n| breach -> every agent at zero (ms) | runs | p50 | p95 | max | each |\n"
                + "|---|---:|---:|---:|---:|---|\n");
        out.append(row("agents' http probe, error_rate > 0.5 (flat, 500 ms)",
                runs("\"probe.edge.error_rate\": 0.5", () -> SloStack.exporter().answer(503))));
        out.append(row("agents' http probe, error_rate > 0.5 for 1s",
                runs("\"probe.edge.error_rate\": {limit: 0.5, for: 1s}", () -> SloStack.exporter().answer(503))));
        if (SloStack.hasPrometheus()) {
            out.append(row("orchestrator's promql probe (scrape 1 s, interval 500 ms), > 100 for 1s",
                    runs("\"probe.queue_depth\": {limit: 100, for: 1s}", () -> SloStack.exporter().set(500))));
        }
        System.out.println(out);
        Files.writeString(Path.of("target/probe-breach-stop-bench.md"), out.toString());
    }

    private static List<Double> runs(String rule, Runnable breach) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            SloStack.exporter().answer(204);
            SloStack.exporter().set(3);
            SloStack.control().awaitReadyForACycle();
            String cycleId = SloStack.control().startPlan(SloStack.probes() + """
                    phases:
                      light: {min_load: 10, max_load: 25, target_load: 20, duration_seconds: 60, ramp_up_seconds: 1,
                              ramp_down_seconds: 1, cpu_weight: 1.0, safety_thresholds: {%s}}
                    """.formatted(rule));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() ->
                    "hold".equals(Http.getJson(SloStack.orchestrator() + "/status").path("stage").asText()));
            // Let every probe's window fill with healthy attempts at the load before the breach.
            Scenarios.pause(Duration.ofSeconds(3));
            long breachedAt = System.currentTimeMillis();
            breach.run();
            JsonNode report = SloStack.control().awaitCycleEnd(cycleId, Duration.ofSeconds(20));
            if (!"safety".equals(report.path("aborted_by").asText())) {
                throw new AssertionError("not stopped by safety: " + report);
            }
            times.add((double) (everyAgentStoppedAfter(breachedAt) - breachedAt));
        }
        SloStack.exporter().answer(204);
        SloStack.exporter().set(3);
        return times;
    }

    private static long everyAgentStoppedAfter(long sinceMs) {
        long[] latest = {0};
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            long max = 0;
            for (ServiceProcess agent : SloStack.get().agents()) {
                long stoppedAt = Http.getJson(agent.url() + "/agent/status").path("last_stop_at_ms").asLong(0);
                if (stoppedAt < sinceMs) {
                    return false;
                }
                max = Math.max(max, stoppedAt);
            }
            latest[0] = max;
            return true;
        });
        return latest[0];
    }

    private static String row(String what, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("| %s | %d | %.0f | %.0f | %.0f | %s |%n", what, sorted.size(), percentile(sorted, 50),
                percentile(sorted, 95), sorted.get(sorted.size() - 1),
                values.stream().map(v -> String.format("%.0f", v)).toList());
    }

    private static double percentile(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
