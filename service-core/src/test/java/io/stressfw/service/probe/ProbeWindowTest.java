package io.stressfw.service.probe;

import io.stressfw.model.ProbeSpecParser;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The window's statistics: what ages out, how failures count, and a promql probe's value. */
class ProbeWindowTest {

    @Test
    void percentilesAndErrorRateCoverTheWindowOnly() {
        ProbeWindow window = new ProbeWindow(ProbeSpecParser.parse("checkout",
                Map.of("type", "http", "url", "http://x/", "window", "10s"), "p"));
        for (int i = 1; i <= 20; i++) {
            window.add(ProbeAttempt.ok(i * 1000L, i));
        }
        window.add(ProbeAttempt.failed(21_000, 1000, "timed out after 1000 ms"));

        Map<String, Double> metrics = window.metrics();

        // 12..21 s are in the window ending at 21 s: latencies 12..20 and the timeout's 1000.
        assertThat(metrics).containsEntry("probe.checkout.samples", 10.0)
                .containsEntry("probe.checkout.error_rate", 0.1)
                .containsEntry("probe.checkout.latency_ms", 1000.0)
                .containsEntry("probe.checkout.p50_ms", 16.0)
                .containsEntry("probe.checkout.p95_ms", 1000.0)
                .containsEntry("probe.checkout.max_ms", 1000.0);
    }

    @Test
    void aPromqlProbesValueIsItsLastReadAndNullWhenThatFailed() {
        ProbeWindow window = new ProbeWindow(ProbeSpecParser.parse("queue_depth",
                Map.of("type", "promql", "url", "http://prom:9090", "query", "q"), "p"));
        window.add(ProbeAttempt.value(1000, 3, 42));
        assertThat(window.metrics()).containsEntry("probe.queue_depth", 42.0).containsEntry("probe.queue_depth.error_rate", 0.0)
                .doesNotContainKey("probe.queue_depth.p95_ms");

        window.add(ProbeAttempt.failed(2000, 3, "query returned no series"));

        assertThat(window.metrics()).containsEntry("probe.queue_depth", null).containsEntry("probe.queue_depth.error_rate", 0.5);
    }

    @Test
    void nearestRankOfFewValuesIsOneOfThem() {
        assertThat(ProbeWindow.rank(new double[]{1, 2, 3}, 0.95)).isEqualTo(3);
        assertThat(ProbeWindow.rank(new double[]{1, 2, 3}, 0.5)).isEqualTo(2);
        assertThat(ProbeWindow.rank(new double[]{5}, 0.99)).isEqualTo(5);
    }
}
