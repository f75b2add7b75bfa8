package io.stressfw.metrics.aggregation;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class QuantileSketchTest {

    @Test
    void exactPercentilesUseNearestRank() {
        QuantileSketch sketch = new QuantileSketch();
        for (int i = 100; i >= 1; i--) {
            sketch.add(i);
        }
        assertThat(sketch.isExact()).isTrue();
        assertThat(sketch.quantile(0.50)).isEqualTo(50);
        assertThat(sketch.quantile(0.95)).isEqualTo(95);
        assertThat(sketch.quantile(0.99)).isEqualTo(99);
        assertThat(sketch.quantile(0)).isEqualTo(1);
        assertThat(sketch.quantile(1)).isEqualTo(100);
        assertThat(sketch.min()).isEqualTo(1);
        assertThat(sketch.max()).isEqualTo(100);
    }

    @Test
    void smallSamplesPickTheRankAboveTheFraction() {
        QuantileSketch sketch = new QuantileSketch();
        for (double v : new double[]{10, 40, 20, 30}) {
            sketch.add(v);
        }
        // n = 4: p50 is rank ceil(2) = 2, p95 and p99 are rank 4.
        assertThat(sketch.quantile(0.50)).isEqualTo(20);
        assertThat(sketch.quantile(0.95)).isEqualTo(40);
        assertThat(sketch.quantile(0.99)).isEqualTo(40);
    }

    @Test
    void emptySketchAnswersNaN() {
        QuantileSketch sketch = new QuantileSketch();
        assertThat(sketch.quantile(0.5)).isNaN();
        assertThat(sketch.min()).isNaN();
        assertThat(sketch.count()).isZero();
    }

    @Test
    void rejectsNonFiniteValuesAndQuantilesOutsideZeroToOne() {
        QuantileSketch sketch = new QuantileSketch();
        assertThatThrownBy(() -> sketch.add(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> sketch.quantile(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new QuantileSketch(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuantileSketch(0.01, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sketchModeStaysWithinTheRelativeErrorOfTheExactPercentile() {
        double accuracy = 0.01;
        QuantileSketch sketch = new QuantileSketch(accuracy, 100);
        Random random = new Random(42);
        double[] values = new double[50_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(random.nextGaussian() * 2) * 10;
            sketch.add(values[i]);
        }
        assertThat(sketch.isExact()).isFalse();
        Arrays.sort(values);
        for (double q : new double[]{0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999}) {
            double truth = values[(int) Math.ceil(q * values.length) - 1];
            assertThat(sketch.quantile(q)).as("q=%s", q).isCloseTo(truth, within(truth * accuracy));
        }
        assertThat(sketch.min()).isEqualTo(values[0]);
        assertThat(sketch.max()).isEqualTo(values[values.length - 1]);
    }

    @Test
    void sketchModeHandlesNegativeValuesAndZeros() {
        QuantileSketch sketch = new QuantileSketch(0.01, 0);
        for (int i = -50; i <= 50; i++) {
            sketch.add(i);
        }
        assertThat(sketch.quantile(0)).isEqualTo(-50);
        assertThat(sketch.quantile(0.5)).isEqualTo(0);
        assertThat(sketch.quantile(0.25)).isCloseTo(-25, within(0.25));
        assertThat(sketch.quantile(0.75)).isCloseTo(25, within(0.25));
        assertThat(sketch.quantile(1)).isEqualTo(50);
    }

    @Test
    void stateRoundTripKeepsTheSameAnswersInBothModes() {
        QuantileSketch exact = new QuantileSketch(0.01, 1000);
        QuantileSketch bucketed = new QuantileSketch(0.01, 10);
        for (int i = 1; i <= 500; i++) {
            exact.add(i * 0.5);
            bucketed.add(i * 0.5);
        }
        for (QuantileSketch original : new QuantileSketch[]{exact, bucketed}) {
            QuantileSketch copy = QuantileSketch.fromState(original.state());
            assertThat(copy.count()).isEqualTo(original.count());
            assertThat(copy.isExact()).isEqualTo(original.isExact());
            for (double q : new double[]{0.5, 0.95, 0.99}) {
                assertThat(copy.quantile(q)).isEqualTo(original.quantile(q));
            }
            copy.add(1000);
            assertThat(copy.max()).isEqualTo(1000);
        }
    }
}
