package io.stressfw.orchestrator.slo;

import io.stressfw.model.SloObjective;
import io.stressfw.model.SloSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A load counts as held only for a whole window of evaluations at it; the knee is the highest one. */
class SloKneeFinderTest {
    private static final SloSpec SLO = new SloSpec(Duration.ofSeconds(10), Map.of("probe.checkout.p95_ms", SloObjective.above(200)));

    private static Map<String, Double> p95(double ms) {
        return Map.of("probe.checkout.p95_ms", ms);
    }

    @Test
    void aLoadIsHeldOnlyAfterAWholeWindowAtIt() {
        SloKneeFinder finder = new SloKneeFinder(SLO);
        assertThat(finder.observe(0, 30, p95(100))).isEqualTo(SloState.HOLDING);
        assertThat(finder.observe(9_000, 30, p95(150))).isEqualTo(SloState.HOLDING);
        assertThat(finder.observe(10_000, 30, p95(150))).isEqualTo(SloState.HELD_WINDOW);
        assertThat(finder.kneeLoadPercent()).isEqualTo(30);
        assertThat(finder.observe(11_000, 35, p95(150))).as("a new load starts its own window").isEqualTo(SloState.HOLDING);
        assertThat(finder.kneeLoadPercent()).isEqualTo(30);
    }

    @Test
    void aBreachOrAGapInTheDataStartsTheWindowAgain() {
        SloKneeFinder finder = new SloKneeFinder(SLO);
        finder.observe(0, 30, p95(100));
        assertThat(finder.observe(5_000, 30, p95(250))).isEqualTo(SloState.BREACHED);
        assertThat(finder.observe(14_000, 30, p95(100))).isEqualTo(SloState.HOLDING);
        Map<String, Double> missing = new LinkedHashMap<>();
        missing.put("probe.checkout.p95_ms", null);
        assertThat(finder.observe(15_000, 30, missing)).isEqualTo(SloState.NO_DATA);
        assertThat(finder.observe(24_000, 30, p95(100))).isEqualTo(SloState.HOLDING);
        assertThat(finder.observe(25_000, 30, p95(100))).isEqualTo(SloState.HELD_WINDOW);
    }

    @Test
    void theResultGivesTheKneeWithItsValuesAndTheLowestBreachAboveIt() {
        SloKneeFinder finder = new SloKneeFinder(SLO);
        finder.observe(0, 40, p95(120));
        finder.observe(10_000, 40, p95(180));
        finder.observe(11_000, 60, p95(400));
        finder.observe(12_000, 50, p95(230));
        finder.observe(13_000, 30, p95(210));

        SloKneeResult result = finder.result();

        assertThat(result.kneeLoadPercent()).isEqualTo(40);
        assertThat(result.valuesAtKnee()).isEqualTo(p95(180));
        assertThat(result.brokeAtLoadPercent()).isEqualTo(50);
        assertThat(result.valuesAbove()).isEqualTo(p95(230));
        assertThat(result.objectives()).isEqualTo("probe.checkout.p95_ms <= 200");
        assertThat(result.note()).isNull();
    }

    @Test
    void withoutAHeldWindowTheResultSaysNoKneeWithinTheBandAndWhy() {
        SloKneeFinder finder = new SloKneeFinder(SLO);
        finder.band(50, 75);
        finder.observe(0, 50, p95(300));
        finder.observe(1_000, 52, p95(320));

        SloKneeResult result = finder.result();

        assertThat(result.kneeLoadPercent()).isNull();
        assertThat(result.brokeAtLoadPercent()).isEqualTo(50);
        assertThat(result.note()).isEqualTo("no knee found within the band 50-75%: the SLO (probe.checkout.p95_ms <= 200) "
                + "broke at every load tried, the lowest 50%");
        assertThat(new SloKneeFinder(SLO).result().note()).isEqualTo("no knee found within the band: the SLO "
                + "(probe.checkout.p95_ms <= 200) never held for a whole 10s window");
    }

    @Test
    void aKneeWithNoBreachAboveItSaysItIsOnlyALowerBound() {
        SloKneeFinder finder = new SloKneeFinder(SLO);
        finder.band(50, 75);
        finder.observe(0, 50, p95(100));
        finder.observe(10_000, 50, p95(120));
        finder.observe(11_000, 60, p95(150));
        finder.observe(21_000, 60, p95(180));
        finder.observe(22_000, 70, p95(190));

        SloKneeResult result = finder.result();

        assertThat(result.kneeLoadPercent()).as("70 never held a whole window").isEqualTo(60);
        assertThat(result.brokeAtLoadPercent()).isNull();
        assertThat(result.note()).isEqualTo("the SLO held up to the highest load tried, 60%, and broke at no load above "
                + "it: the knee is at least that");
    }
}
