package io.stressfw.orchestrator.cycle;

import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.RampingStrategy;
import io.stressfw.model.SloObjective;
import io.stressfw.model.SloSpec;
import io.stressfw.plan.AdaptiveProfile;
import io.stressfw.plan.PhaseSpec;
import io.stressfw.orchestrator.slo.SloKneeResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An adaptive phase driven by an SLO against a service whose p95 grows with the load (a manual clock, the p95 a
 * function of the load the engine commands): it climbs while the SLO holds for whole windows, backs off when it
 * breaks, and reports the knee under the SLO's limit; a tighter SLO gives a lower knee.
 */
class SloCycleTest {
    private final MutableClock clock = new MutableClock(1_000_000);

    /** The service: 20 ms at rest, growing with the square of the load (300 ms at 50 %). */
    private static double p95At(double load) {
        return 20 + 0.112 * load * load;
    }

    private SloKneeResult run(double limitMs, List<CycleEvent> events) {
        PhaseSpec spec = PhaseSpec.builder().minLoad(10).maxLoad(90).durationSeconds(300).cpuWeight(1)
                .adaptiveEnabled(true).rampingStrategy(RampingStrategy.ADAPTIVE).build();
        CycleEngine engine = new CycleEngine("c1", List.of(new PhasePlan(Phase.HEAVY, spec)), AdaptiveProfile.DEFAULT,
                clock, 1000, 0).withSlo(new SloSpec(Duration.ofSeconds(5),
                Map.of("probe.checkout.p95_ms", SloObjective.above(limitMs))));
        events.addAll(engine.start());
        for (int t = 0; t < 310_000 && !engine.finished(); t += 100) {
            clock.advance(100);
            double p95 = p95At(engine.load());
            events.addAll(engine.tick(new Observation(engine.load(), 40.0, null, null,
                    Map.of("probe.checkout.p95_ms", p95, "probe.checkout.error_rate", 0.0))));
        }
        assertThat(engine.finished()).isTrue();
        CycleEvent completed = events.stream().filter(e -> e.type() == PhaseEventType.CYCLE_COMPLETED)
                .findFirst().orElseThrow();
        Double cycleKnee = completed.details(io.stressfw.model.CycleEndedDetails.class).kneeLoadPercent();
        SloKneeResult result = engine.sloResult();
        if (result.kneeLoadPercent() == null) {
            assertThat(cycleKnee).isNull();
        } else {
            assertThat(cycleKnee).isEqualTo(result.kneeLoadPercent(), org.assertj.core.api.Assertions.within(0.01));
        }
        return result;
    }

    @Test
    void theKneeIsTheHighestLoadWhereTheSloHeldAndATighterSloGivesALowerOne() {
        List<CycleEvent> events = new ArrayList<>();
        SloKneeResult loose = run(300, events);
        SloKneeResult tight = run(100, new ArrayList<>());

        // 300 ms is reached at 50 %, 100 ms at about 26.7 %.
        assertThat(loose.kneeLoadPercent()).isBetween(40.0, 50.0);
        assertThat(loose.valuesAtKnee().get("probe.checkout.p95_ms")).isLessThanOrEqualTo(300);
        assertThat(loose.brokeAtLoadPercent()).isGreaterThan(loose.kneeLoadPercent());
        assertThat(loose.valuesAbove().get("probe.checkout.p95_ms")).isGreaterThan(300);
        assertThat(tight.kneeLoadPercent()).isBetween(18.0, 26.7);
        assertThat(tight.kneeLoadPercent()).isLessThan(loose.kneeLoadPercent());
        assertThat(events).anyMatch(e -> e.type() == PhaseEventType.LOAD_ADJUSTED
                && "adaptive back-off: SLO broken".equals(e.reason()));
    }

    @Test
    void anSloThatNeverHoldsFindsNoKneeAndSaysSoNeverTheBandsTop() {
        SloKneeResult none = run(10, new ArrayList<>());

        assertThat(none.kneeLoadPercent()).isNull();
        assertThat(none.note()).startsWith("no knee found within the band 10-90%: the SLO (probe.checkout.p95_ms <= 10) broke");
    }
}
