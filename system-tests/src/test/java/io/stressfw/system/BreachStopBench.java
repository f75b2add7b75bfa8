package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * How long a real sustained breach takes to stop the agents, with the default rules (not part of
 * {@code ./mvnw verify}: surefire runs only *Test classes). Run after a build:
 * {@code ./mvnw -B test -pl system-tests -Dtest=BreachStopBench -Dbench.runs=10}
 *
 * <p>Each run starts a MEDIUM cycle (the bundled phase: the whole host at 50 %, flat {@code cpu_usage: 95}), waits for
 * its hold, then starts a {@link CpuBurner} holding the host at 100 % for 3 s, and measures from the moment the
 * burner's threads all burn to the later agent's {@code last_stop_at_ms} (same host clock), and the first host sample
 * over the limit (metrics-service's raw samples) to the same. Table in target/breach-stop-bench.md.
 */
class BreachStopBench {
    private static final int RUNS = Integer.getInteger("bench.runs", 10);

    @Test
    void measure() throws Exception {
        List<Double> fromBurn = new ArrayList<>();
        List<Double> fromSample = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            Scenarios.awaitHealthy();
            String cycleId = Scenarios.startCycle("medium");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() ->
                    "hold".equals(Http.getJson(SystemStack.orchestrator() + "/status").path("stage").asText()));
            Process burner = CpuBurner.start(Runtime.getRuntime().availableProcessors(), 1.0, 3);
            try {
                long since = CpuBurner.burningSince(burner);
                JsonNode report = Scenarios.awaitCycleEnd(cycleId, Duration.ofSeconds(15));
                long atZero = QuietSafetyTest.everyAgentStoppedAfter(since);
                fromBurn.add((double) (atZero - since));
                rules.add(report.path("violations").path(0).path("rule_id").asText("?"));
                Long firstOver = firstHostSampleOver(cycleId, since, 95);
                if (firstOver != null) {
                    fromSample.add((double) (atZero - firstOver));
                }
            } finally {
                burner.waitFor(10, TimeUnit.SECONDS);
                burner.destroyForcibly();
            }
        }
        StringBuilder out = new StringBuilder("\n| latency (ms) | runs | p50 | p95 | max |\n|---|---:|---:|---:|---:|\n");
        out.append(row("burner at 100 % -> every agent at zero", fromBurn));
        out.append(row("first host sample over 95 % -> every agent at zero", fromSample));
        out.append("\nrules that stopped the cycles: ").append(rules).append('\n');
        System.out.println(out);
        Files.writeString(Path.of("target/breach-stop-bench.md"), out.toString());
    }

    /** The timestamp of the first host sample of the cycle over {@code limit} % CPU after {@code sinceMs}. */
    private static Long firstHostSampleOver(String cycleId, long sinceMs, double limit) {
        JsonNode export = Http.getJson(SystemStack.metrics() + "/metrics/cycles/" + cycleId + "/export?format=json");
        Long first = null;
        for (JsonNode sample : export.path("samples")) {
            if ("host".equals(sample.path("source_kind").asText()) && sample.path("timestamp_ms").asLong() >= sinceMs
                    && sample.path("metrics").path("cpu_usage").asDouble(0) > limit) {
                long at = sample.path("timestamp_ms").asLong();
                first = first == null ? at : Math.min(first, at);
            }
        }
        return first;
    }

    private static String row(String what, List<Double> values) {
        if (values.isEmpty()) {
            return "| " + what + " | 0 | - | - | - |\n";
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("| %s | %d | %.0f | %.0f | %.0f |%n", what, sorted.size(), percentile(sorted, 50),
                percentile(sorted, 95), sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
