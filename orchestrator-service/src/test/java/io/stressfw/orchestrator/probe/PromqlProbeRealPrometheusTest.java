package io.stressfw.orchestrator.probe;

import io.stressfw.kafka.PrometheusServer;
import io.stressfw.model.ProbeSpecParser;
import io.stressfw.service.probe.ProbeRunners;
import io.stressfw.service.probe.ProbeScheduler;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A promql probe against a real Prometheus server scraping a real service: the probe reads the service's gauge as
 * Prometheus stored it, and follows it when it changes.
 */
class PromqlProbeRealPrometheusTest {

    @Test
    void aPromqlProbeReadsTheQueryOfARealPrometheusAndFollowsTheService() throws Exception {
        try (KnobService service = new KnobService().body("# TYPE queue_depth gauge\nqueue_depth{queue=\"orders\"} 1234\n");
             PrometheusServer prometheus = new PrometheusServer("127.0.0.1:" + service.port())) {
            prometheus.awaitReady(Duration.ofSeconds(30));
            ProbeScheduler probes = new ProbeScheduler(ProbeSpecParser.parseAll(Map.of("queue_depth", Map.of(
                    "type", "promql", "url", prometheus.uri().toString(), "query", "sum(queue_depth)")), "probes"),
                    new ProbeRunners(Clock.systemUTC())::of, (spec, attempt, metrics) -> { });

            assertThat(pollValue(probes, 1234.0)).isEqualTo(1234.0);
            service.body("# TYPE queue_depth gauge\nqueue_depth{queue=\"orders\"} 5\n");
            assertThat(pollValue(probes, 5.0)).isEqualTo(5.0);
        }
    }

    /** Runs the probe until it reads {@code expected} or 30 s passed; the last value read. */
    private static Double pollValue(ProbeScheduler probes, double expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Double value = null;
        while (System.nanoTime() < deadline) {
            value = probes.runOnce("queue_depth").get("probe.queue_depth");
            if (value != null && value == expected) {
                return value;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
        return value;
    }
}
