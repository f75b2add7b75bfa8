package io.stressfw.orchestrator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.stressfw.model.Phase;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.orchestrator.config.CyclePlans;
import io.stressfw.orchestrator.cycle.PhasePlan;
import io.stressfw.orchestrator.history.CycleRunReport;
import io.stressfw.orchestrator.history.PhaseRunReport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /cycles} against a history of many cycles. Not a test (not run by verify). Two steps:
 * {@code write DIR N} fills {@code DIR/cycles/} with N reports of the bundled seven-phase cycle as the orchestrator
 * writes them (every phase as run, ten violations each); start an orchestrator with {@code STRESS_DATA_DIR=DIR}; then
 * {@code measure URL REQUESTS} times that many sequential GETs (after 20 unmeasured ones) and prints p50/p95/max and
 * the answer's size.
 */
public final class CycleListingBench {
    private CycleListingBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("write")) {
            write(Path.of(args[1]), Integer.parseInt(args[2]));
        } else if (args.length == 3 && args[0].equals("measure")) {
            measure(URI.create(args[1]), Integer.parseInt(args[2]));
        } else {
            System.err.println("usage: write DIR N | measure URL REQUESTS");
            System.exit(2);
        }
    }

    private static void write(Path dataDir, int count) throws Exception {
        ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        CyclePlans plans = new CyclePlans(Optional::empty);
        List<PhasePlan> plan = plans.plan(Arrays.asList(Phase.values()));
        Path cycles = Files.createDirectories(dataDir.resolve("cycles"));
        long t = 1_700_000_000_000L;
        for (int i = 0; i < count; i++) {
            String id = "cycle-" + UUID.randomUUID().toString().substring(0, 8);
            CycleRunReport report = CycleRunReport.started(id, t, false,
                    plan.stream().map(p -> CycleRunReport.PlannedPhase.of(p.phase(), p.spec())).toList());
            long at = t;
            for (PhasePlan p : plan) {
                report.phaseStarted(p.phase().wireName(), at, p.spec().effectiveTarget());
                PhaseRunReport run = report.currentPhase();
                run.holdStarted(at + 5_000);
                for (int v = 0; v < 10; v++) {
                    report.violationSeen(new Violation(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(), at + v,
                            "swap", "swap_usage", 51.0 + v, 50, Severity.WARNING, SafetyAction.WARN, "node-1", id,
                            p.phase(), "swap_usage " + (51 + v) + " over 50"));
                }
                at += 25_000;
                run.ended(at, true, p.spec().effectiveTarget(), p.spec().effectiveTarget() - 0.4, null);
            }
            report.cycleEnded(at, true, null, null, null);
            mapper.writeValue(cycles.resolve(id + ".json").toFile(), report);
            t = at + 60_000;
        }
        System.out.printf("%d reports in %s%n", count, cycles);
    }

    private static void measure(URI uri, int requests) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest get = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
        int bytes = 0;
        for (int i = 0; i < 20; i++) {
            bytes = client.send(get, HttpResponse.BodyHandlers.ofByteArray()).body().length;
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> answer = client.send(get, HttpResponse.BodyHandlers.ofByteArray());
            ms.add((System.nanoTime() - start) / 1e6);
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + answer.statusCode());
            }
        }
        Collections.sort(ms);
        System.out.printf("GET %s x %d (%d bytes): p50 %.2f ms, p95 %.2f ms, max %.2f ms%n", uri, requests, bytes,
                ms.get(ms.size() / 2), ms.get((int) Math.ceil(0.95 * ms.size()) - 1), ms.get(ms.size() - 1));
    }
}
