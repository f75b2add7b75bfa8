package io.stressfw.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Objectives name metrics of declared probes; the healthy side reads as a person states an SLO. */
class SloSpecParserTest {
    private static final Map<String, ProbeSpec> PROBES = ProbeSpecParser.parseAll(probes(), "probes");

    /** In the plan's order, as a YAML or JSON reader gives them. */
    private static Map<String, Object> probes() {
        Map<String, Object> probes = new LinkedHashMap<>();
        probes.put("checkout", Map.of("type", "http", "url", "http://shop/checkout"));
        probes.put("workers", Map.of("type", "promql", "url", "http://prom:9090", "query", "sum(free_workers)"));
        return probes;
    }

    @Test
    void objectivesReadFlatOrAsObjectsWithTheDefaultWindow() {
        Map<String, Object> objectives = new LinkedHashMap<>();
        objectives.put("probe.checkout.p95_ms", 200);
        objectives.put("probe.checkout.error_rate", Map.of("limit", 0.01));
        objectives.put("probe.workers", Map.of("limit", 2, "comparison", "below"));

        SloSpec slo = SloSpecParser.parse(Map.of("objectives", objectives), "slo", PROBES);

        assertThat(slo.window()).isEqualTo(SloSpec.DEFAULT_WINDOW);
        assertThat(slo.describe()).isEqualTo("probe.checkout.p95_ms <= 200, probe.checkout.error_rate <= 0.01, probe.workers >= 2");
        assertThat(slo.objectives().get("probe.checkout.p95_ms").breaks(200)).isFalse();
        assertThat(slo.objectives().get("probe.checkout.p95_ms").breaks(200.5)).isTrue();
        assertThat(slo.objectives().get("probe.workers").breaks(1)).isTrue();
        assertThat(SloSpecParser.parse(null, "slo", PROBES)).isNull();
    }

    @Test
    void aWindowMayBeGiven() {
        SloSpec slo = SloSpecParser.parse(Map.of("window", "30s", "objectives", Map.of("probe.checkout.p99_ms", 900)), "slo", PROBES);

        assertThat(slo.window()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyRefusalNamesItsField() {
        assertRefused(Map.of("objectives", Map.of("probe.cart.p95_ms", 1)),
                "slo.objectives.probe.cart.p95_ms: no probe named 'cart' in probes (checkout, workers)");
        assertRefused(Map.of("objectives", Map.of("cpu_usage", 1)),
                "slo.objectives.cpu_usage: not a probe metric; expected probe.<name>[.<stat>] with a stat among "
                        + "latency_ms, p50_ms, p95_ms, p99_ms, max_ms, error_rate, samples");
        assertRefused(Map.of("objectives", Map.of("probe.checkout", 1)),
                "slo.objectives.probe.checkout: a http probe reports probe.checkout.<stat>, one of latency_ms, p50_ms, "
                        + "p95_ms, p99_ms, max_ms, error_rate, samples");
        assertRefused(Map.of("objectives", Map.of("probe.workers.p95_ms", 1)),
                "slo.objectives.probe.workers.p95_ms: a promql probe reports its value as probe.workers (and error_rate)");
        assertRefused(Map.of("objectives", Map.of("probe.checkout.p95_ms", Map.of("limit", 1, "for", "2s"))),
                "slo.objectives.probe.checkout.p95_ms.for: unknown field; expected one of comparison, limit");
        assertRefused(Map.of("objectives", Map.of("probe.checkout.p95_ms", -1)),
                "slo.objectives.probe.checkout.p95_ms: limit must be a finite number >= 0, was -1.0");
        assertRefused(Map.of("window", "200ms", "objectives", Map.of("probe.checkout.p95_ms", 1)),
                "slo: window must be at least 1s, was 200ms");
        assertRefused(Map.of("window", "10s"), "slo.objectives: is required: probe metric -> limit");
    }

    private static void assertRefused(Map<String, Object> slo, String message) {
        assertThatThrownBy(() -> SloSpecParser.parse(slo, "slo", PROBES)).isInstanceOf(ProbeFormatException.class)
                .hasMessage(message);
    }
}
