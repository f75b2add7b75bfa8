package io.stressfw.orchestrator.probe;

import io.stressfw.model.ProbeSpecParser;
import io.stressfw.service.probe.ProbeAttempt;
import io.stressfw.service.probe.ProbeRunner;
import io.stressfw.service.probe.ProbeRunners;
import io.stressfw.service.probe.ProbeScheduler;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler runs every probe at its interval, each on its own thread, a failing sink stops none, and the first
 * attempt only warms the prober up.
 */
class ProbeSchedulerTest {

    @Test
    void eachProbeRunsAtItsIntervalAndADeadServiceDelaysNoOtherProbe() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (KnobService service = new KnobService();
             ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ProbeScheduler probes = new ProbeScheduler(ProbeSpecParser.parseAll(Map.of(
                     "fast", Map.of("type", "http", "url", service.uri("/").toString(), "interval", "100ms"),
                     "stuck", Map.of("type", "http", "url", "http://127.0.0.1:" + silent.getLocalPort() + "/",
                             "interval", "1h", "timeout", "1h")), "probes"),
                     new ProbeRunners(Clock.systemUTC())::of, (spec, attempt, metrics) -> {
                         seen.add(spec.name() + (attempt.failed() ? " failed" : " ok"));
                         if (spec.name().equals("fast") && seen.size() == 1) {
                             throw new IllegalStateException("a sink that fails once");
                         }
                     })) {
            probes.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.stream().filter("fast ok"::equals).count() < 6 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(50_000_000L);
            }

            // The fast probe went on (past a sink that failed) while the other one's first attempt still hangs.
            assertThat(seen.stream().filter("fast ok"::equals).count()).isGreaterThanOrEqualTo(6);
            assertThat(seen).noneMatch(s -> s.startsWith("stuck"));
        }
    }

    @Test
    void theFirstAttemptWarmsTheProberUpAndIsNotCounted() {
        AtomicInteger attempts = new AtomicInteger();
        ProbeRunner slowFirst = () -> ProbeAttempt.ok(System.currentTimeMillis(), attempts.getAndIncrement() == 0 ? 300 : 10);
        List<ProbeAttempt> counted = new CopyOnWriteArrayList<>();
        List<Map<String, Double>> windows = new CopyOnWriteArrayList<>();
        try (ProbeScheduler probes = new ProbeScheduler(ProbeSpecParser.parseAll(Map.of("checkout",
                Map.of("type", "http", "url", "http://127.0.0.1:9/", "interval", "100ms")), "probes"), spec -> slowFirst,
                (spec, attempt, metrics) -> {
                    counted.add(attempt);
                    windows.add(metrics);
                })) {
            probes.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (counted.size() < 3 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(50_000_000L);
            }
        }

        assertThat(counted).hasSizeGreaterThanOrEqualTo(3).allSatisfy(a -> assertThat(a.elapsedMs()).isEqualTo(10));
        assertThat(windows.get(windows.size() - 1)).containsEntry("probe.checkout.max_ms", 10.0);
    }
}
