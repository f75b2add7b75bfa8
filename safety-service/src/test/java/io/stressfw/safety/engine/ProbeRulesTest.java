package io.stressfw.safety.engine;

import io.stressfw.model.Comparison;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.RuleWindow;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import io.stressfw.model.SourceKind;
import io.stressfw.model.ThresholdSpecParser;
import io.stressfw.model.Versioned;
import io.stressfw.safety.rule.ThresholdRule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.stressfw.safety.PhaseEventFixtures.event;
import static io.stressfw.safety.PhaseEventFixtures.phaseStartedWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules on probe metrics read and act like host rules ({@code probe.checkout.p95_ms > 500 for 10s -> stop}), and a
 * probe's source is never stale: it reports at its own interval.
 */
class ProbeRulesTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final ThresholdRule P95_STOP = new ThresholdRule("checkout-latency", "probe.checkout.p95_ms",
            Comparison.ABOVE, 500, RuleWindow.continuously(Duration.ofSeconds(10)), 0, Severity.CRITICAL,
            SafetyAction.STOP, null);
    private static final ThresholdRule ERRORS_THROTTLE = new ThresholdRule("checkout-errors", "probe.checkout.error_rate",
            Comparison.ABOVE, 0.01, null, 0, Severity.WARNING, SafetyAction.THROTTLE, null);

    private long now = T0;
    private final AtomicInteger ids = new AtomicInteger();
    private final SafetyEngine engine = new SafetyEngine(SafetyEngineSettings.builder().phaseRuleSettle(Duration.ZERO).build(), List.of(P95_STOP, ERRORS_THROTTLE),
            () -> now, () -> "id-" + ids.incrementAndGet());

    private MetricSample probe(double p95, double errorRate) {
        Map<String, Double> metrics = new HashMap<>();
        metrics.put("probe.checkout.p95_ms", p95);
        metrics.put("probe.checkout.error_rate", errorRate);
        return new MetricSample(Versioned.SCHEMA_VERSION, "probe:checkout", SourceKind.PROBE, "orch", now, "c1",
                Phase.HEAVY, metrics, null);
    }

    @Test
    void aLatencyRuleStopsOnlyOnceTheProbeStayedOverItForTheWholeWindow() {
        engine.onPhaseEvent(event(PhaseEventType.CYCLE_STARTED, "c1", null, now));
        for (int second = 0; second < 10; second++) {
            assertThat(engine.onSample(probe(800, 0)).violations()).as("over for " + second + " s").isEmpty();
            now += 1000;
        }

        SafetyOutput out = engine.onSample(probe(800, 0));

        assertThat(out.violations()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("checkout-latency");
            assertThat(v.sourceId()).isEqualTo("probe:checkout");
            assertThat(v.message()).isEqualTo("probe.checkout.p95_ms = 800 on probe:checkout breaks "
                    + "probe.checkout.p95_ms > 500 for 10s (rule checkout-latency)");
        });
        assertThat(out.stops()).singleElement().satisfies(s -> assertThat(s.cycleId()).isEqualTo("c1"));
    }

    @Test
    void anErrorRateRuleThrottles() {
        engine.onPhaseEvent(event(PhaseEventType.CYCLE_STARTED, "c1", null, now));

        SafetyOutput out = engine.onSample(probe(100, 0.2));

        assertThat(out.violations()).singleElement().satisfies(v -> assertThat(v.action()).isEqualTo(SafetyAction.THROTTLE));
        assertThat(out.stops()).isEmpty();
    }

    @Test
    void aPhaseThresholdOnAProbeMetricIsAPhaseRule() {
        engine.onPhaseEvent(event(PhaseEventType.CYCLE_STARTED, "c1", null, now));
        engine.onPhaseEvent(phaseStartedWith("c1", Phase.HEAVY, ThresholdSpecParser.parseAll(
                Map.of("probe.checkout.p95_ms", Map.of("limit", 300, "for", "2s")), "safety_thresholds"), now));
        engine.onSample(probe(400, 0));
        now += 2000;

        assertThat(engine.onSample(probe(400, 0)).violations()).singleElement()
                .satisfies(v -> assertThat(v.ruleId()).isEqualTo("phase:heavy:probe.checkout.p95_ms"));
    }

    @Test
    void aProbeThatReportsEveryFifteenSecondsIsNeverStale() {
        engine.onSample(probe(100, 0));
        engine.onPhaseEvent(event(PhaseEventType.CYCLE_STARTED, "c1", null, now));
        now += 15_000;

        assertThat(engine.tick().violations()).isEmpty();
    }
}
