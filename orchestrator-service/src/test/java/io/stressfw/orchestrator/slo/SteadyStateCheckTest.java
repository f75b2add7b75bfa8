package io.stressfw.orchestrator.slo;

import io.stressfw.model.ProbeSpec;
import io.stressfw.model.ProbeSpecParser;
import io.stressfw.model.SloSpec;
import io.stressfw.model.SloSpecParser;
import io.stressfw.orchestrator.history.CycleRunReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Only steady-state probes count; each holds when its whole window succeeded and its SLO objectives hold. */
class SteadyStateCheckTest {
    private static final Map<String, ProbeSpec> PROBES = ProbeSpecParser.parseAll(Map.of(
            "checkout", Map.of("type", "http", "url", "http://shop/", "steady_state", true, "window", "20s"),
            "search", Map.of("type", "http", "url", "http://shop/search")), "probes");
    private static final SloSpec SLO = SloSpecParser.parse(Map.of("objectives", Map.of("probe.checkout.p95_ms", 200)),
            "slo", PROBES);

    @Test
    void aHealthyBaselineHoldsWhateverTheOtherProbesSay() {
        assertThat(SteadyStateCheck.failures(PROBES, SLO, Map.of(
                "checkout", Map.of("probe.checkout.p95_ms", 150.0, "probe.checkout.error_rate", 0.0),
                "search", Map.of("probe.search.p95_ms", 9000.0, "probe.search.error_rate", 1.0)))).isEmpty();
    }

    @Test
    void failuresAnSloBreachAndNoResultAreEachNamed() {
        assertThat(SteadyStateCheck.failures(PROBES, SLO, Map.of(
                "checkout", Map.of("probe.checkout.p95_ms", 250.0, "probe.checkout.error_rate", 0.1))))
                .containsExactly("probe checkout failed 10% of its attempts in its 20s window",
                        "probe.checkout.p95_ms = 250 breaks the SLO (probe.checkout.p95_ms <= 200)");
        assertThat(SteadyStateCheck.failures(PROBES, SLO, Map.of())).containsExactly("probe checkout has no result yet");
        assertThat(SteadyStateCheck.recoveryDelay(PROBES)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aCompletedCycleWhoseServiceDidNotRecoverIsNotRecovered() {
        CycleRunReport report = CycleRunReport.started("c1", 1000, false, List.of());
        report.cycleEnded(5000, true, null, null, null);
        report.awaitRecovery();
        assertThat(report.outcome()).isEqualTo(CycleRunReport.RECOVERING);
        report.recoveryJudged(25_000, List.of("probe checkout failed 10% of its attempts in its 20s window"));

        assertThat(report.outcome()).isEqualTo(CycleRunReport.NOT_RECOVERED);
        assertThat(report.verdictReason()).isEqualTo("the service did not recover after the ramp-down: probe checkout "
                + "failed 10% of its attempts in its 20s window");
        CycleRunReport healthy = CycleRunReport.started("c2", 1000, false, List.of());
        healthy.cycleEnded(5000, true, null, null, null);
        healthy.awaitRecovery();
        healthy.recoveryJudged(25_000, List.of());
        assertThat(healthy.outcome()).isEqualTo(CycleRunReport.COMPLETED);
        assertThat(healthy.recovery()).containsEntry("recovered", true);
    }
}
