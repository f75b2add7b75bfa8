package io.stressfw.orchestrator.probe;

import io.stressfw.orchestrator.cycle.MutableClock;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The probes' latest metrics per source: the worst across the agents that run a probe, and agents that went quiet. */
class ProbeReadingsTest {
    private final MutableClock clock = new MutableClock(1_000_000);
    private final ProbeReadings readings = new ProbeReadings(clock);

    @Test
    void eachMetricOfAProbeRunOnSeveralAgentsIsTheWorstOfThem() {
        readings.update("probe:edge@agent-1", Map.of("probe.edge.p95_ms", 40.0, "probe.edge.error_rate", 0.0));
        readings.update("probe:edge@agent-2", Map.of("probe.edge.p95_ms", 12.0, "probe.edge.error_rate", 0.5));
        readings.update("probe:checkout", Map.of("probe.checkout.p95_ms", 7.0));

        assertThat(readings.all()).containsEntry("probe.edge.p95_ms", 40.0).containsEntry("probe.edge.error_rate", 0.5)
                .containsEntry("probe.checkout.p95_ms", 7.0);
        assertThat(readings.byProbe()).containsOnlyKeys("edge", "checkout");
    }

    @Test
    void aFailedReadOfOneSourceIsNeverHiddenBehindAnotherOnesValue() {
        Map<String, Double> failed = new HashMap<>();
        failed.put("probe.edge.latency_ms", null);
        readings.update("probe:edge@agent-1", Map.of("probe.edge.latency_ms", 3.0));
        readings.update("probe:edge@agent-2", failed);
        readings.update("probe:edge@agent-3", Map.of("probe.edge.latency_ms", 5.0));

        assertThat(readings.all()).containsEntry("probe.edge.latency_ms", null);
    }

    @Test
    void anAgentThatStoppedReportingIsForgottenButTheOrchestratorsOwnProbeIsNot() {
        readings.update("probe:edge@agent-1", Map.of("probe.edge.p95_ms", 90.0));
        readings.update("probe:checkout", Map.of("probe.checkout.p95_ms", 7.0));
        clock.advance(ProbeReadings.AGENT_READING_TTL_MS);
        readings.update("probe:edge@agent-2", Map.of("probe.edge.p95_ms", 10.0));

        assertThat(readings.all()).containsEntry("probe.edge.p95_ms", 90.0);
        clock.advance(1);
        assertThat(readings.all()).containsEntry("probe.edge.p95_ms", 10.0).containsEntry("probe.checkout.p95_ms", 7.0);
    }
}
