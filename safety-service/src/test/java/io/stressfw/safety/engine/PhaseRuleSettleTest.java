package io.stressfw.safety.engine;

import io.stressfw.model.Comparison;
import io.stressfw.model.MetricNames;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.safety.rule.ThresholdRule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.stressfw.safety.PhaseEventFixtures.event;
import static io.stressfw.safety.PhaseEventFixtures.phaseStarted;
import static org.assertj.core.api.Assertions.assertThat;

/** The default settle of a cycle's first phase's rules, on the engine with its default settings. */
class PhaseRuleSettleTest {
    private static final ThresholdRule CPU_STOP = ThresholdRule.simple("cpu", MetricNames.CPU_USAGE, Comparison.ABOVE, 95,
            SafetyAction.STOP);
    private long now = 1_000_000;
    private final SafetyEngine engine = new SafetyEngine(SafetyEngineSettings.defaults(), List.of(CPU_STOP), () -> now,
            () -> "id");

    private MetricSample host(double cpu) {
        return new MetricSample(Versioned.SCHEMA_VERSION, "h1", SourceKind.HOST, "h1", now, null, null,
                Map.of(MetricNames.CPU_USAGE, cpu), null);
    }

    /** Samples every 100 ms for {@code ms}; the violations they raised. */
    private List<Violation> samples(double cpu, long ms) {
        List<Violation> raised = new ArrayList<>();
        for (long t = 0; t < ms; t += 100) {
            now += 100;
            raised.addAll(engine.onSample(host(cpu)).violations());
            raised.addAll(engine.tick().violations());
        }
        return raised;
    }

    @Test
    void aCycleStartBurstDoesNotTripTheFirstPhasesThresholds() {
        engine.onPhaseEvent(event(PhaseEventType.CYCLE_STARTED, "c1", null, now));
        engine.onPhaseEvent(phaseStarted("c1", Phase.LIGHT, Map.of("cpu_usage", 40.0), now));
        assertThat(engine.phaseRules()).isEmpty();
        assertThat(samples(80, 2500)).as("2.5 s at 80 %, inside the 3 s settle").isEmpty();
        assertThat(samples(20, 600)).isEmpty();
        assertThat(engine.phaseRules()).extracting(ThresholdRule::id).containsExactly("phase:light:cpu_usage");
    }

    @Test
    void aBreachThatOutlastsTheSettleStopsTheCycleWithinTheWindowAfterIt() {
        engine.onPhaseEvent(event(PhaseEventType.CYCLE_STARTED, "c1", null, now));
        engine.onPhaseEvent(phaseStarted("c1", Phase.LIGHT, Map.of("cpu_usage", 40.0), now));
        assertThat(samples(80, 3000)).isEmpty();
        List<Violation> raised = samples(80, 700);
        assertThat(raised).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("phase:light:cpu_usage");
            assertThat(v.action()).isEqualTo(SafetyAction.STOP);
        });
    }

    @Test
    void globalRulesStopDuringTheSettle() {
        engine.onPhaseEvent(event(PhaseEventType.CYCLE_STARTED, "c1", null, now));
        engine.onPhaseEvent(phaseStarted("c1", Phase.LIGHT, Map.of("cpu_usage", 40.0), now));
        assertThat(engine.onSample(host(99)).violations()).singleElement()
                .satisfies(v -> assertThat(v.ruleId()).isEqualTo("cpu"));
    }

    @Test
    void theNextPhasesThresholdsAreInForceTheMomentItStarts() {
        engine.onPhaseEvent(event(PhaseEventType.CYCLE_STARTED, "c1", null, now));
        engine.onPhaseEvent(phaseStarted("c1", Phase.IDLE, Map.of("cpu_usage", 90.0), now));
        samples(10, 5000);
        engine.onPhaseEvent(event(PhaseEventType.PHASE_COMPLETED, "c1", Phase.IDLE, now));
        engine.onPhaseEvent(phaseStarted("c1", Phase.LIGHT, Map.of("cpu_usage", 40.0), now));
        assertThat(engine.phaseRules()).extracting(ThresholdRule::id).containsExactly("phase:light:cpu_usage");
        assertThat(samples(80, 600)).singleElement().satisfies(v -> assertThat(v.ruleId()).isEqualTo("phase:light:cpu_usage"));
    }

    @Test
    void aSafetyServiceThatJoinsACycleAfterItsStartArmsAtOnce() {
        engine.onPhaseEvent(phaseStarted("c1", Phase.LIGHT, Map.of("cpu_usage", 40.0), now));
        assertThat(engine.phaseRules()).extracting(ThresholdRule::id).containsExactly("phase:light:cpu_usage");
    }
}
