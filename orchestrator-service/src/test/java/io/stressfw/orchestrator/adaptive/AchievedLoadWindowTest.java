package io.stressfw.orchestrator.adaptive;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AchievedLoadWindowTest {
    @Test
    void theMeanCoversOnlyTheReadingsOfTheSpanEndingAtTheEvaluation() {
        AchievedLoadWindow window = new AchievedLoadWindow(500);
        window.add(1000, 10.0); // taken up before the span: the load the last evaluation left
        window.add(1600, 60.0);
        window.add(1700, 40.0);
        window.add(1800, 81.0);
        window.add(2000, 59.0);
        assertThat(window.mean(2000)).isCloseTo(60, within(1e-9));
        assertThat(window.mean(2250)).as("1600 and 1700 fell out").isCloseTo(70, within(1e-9));
    }

    @Test
    void noReadingsOrOnlyNothingMeasuredGiveNoMean() {
        AchievedLoadWindow window = new AchievedLoadWindow(500);
        assertThat(window.mean(0)).isNull();
        window.add(100, null);
        assertThat(window.mean(100)).isNull();
        window.add(200, 30.0);
        assertThat(window.mean(800)).as("the only reading is out of the span").isNull();
    }

    @Test
    void clearForgetsTheReadingsOfTheLastPhase() {
        AchievedLoadWindow window = new AchievedLoadWindow(500);
        window.add(100, 30.0);
        window.clear();
        window.add(200, 50.0);
        assertThat(window.mean(200)).isEqualTo(50.0);
    }

    @Test
    void refusesASpanThatIsNotPositive() {
        assertThatThrownBy(() -> new AchievedLoadWindow(0)).hasMessageContaining("achieved load span must be > 0");
    }
}
