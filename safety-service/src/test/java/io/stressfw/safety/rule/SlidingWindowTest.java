package io.stressfw.safety.rule;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlidingWindowTest {

    @Test
    void valuesOlderThanTheWindowAreEvicted() {
        SlidingWindow w = new SlidingWindow(1000, 100);
        w.add(0, 10);
        w.add(500, 20);
        w.add(1500, 30);
        assertThat(w.size()).isEqualTo(2);
        assertThat(w.mean()).isEqualTo(25);
    }

    @Test
    void percentileUsesTheNearestRank() {
        SlidingWindow w = new SlidingWindow(10_000, 100);
        for (int i = 1; i <= 20; i++) {
            w.add(i, i);
        }
        assertThat(w.percentile(95)).isEqualTo(19);
        assertThat(w.percentile(50)).isEqualTo(10);
        assertThat(w.percentile(100)).isEqualTo(20);
        assertThat(w.max()).isEqualTo(20);
        assertThat(w.min()).isEqualTo(1);
    }

    @Test
    void percentileMatchesASortedCopyForRandomData() {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(300);
            SlidingWindow w = new SlidingWindow(1_000_000, 1000);
            double[] copy = new double[n];
            for (int i = 0; i < n; i++) {
                copy[i] = random.nextInt(50);
                w.add(i, copy[i]);
            }
            java.util.Arrays.sort(copy);
            for (double p : new double[]{1, 50, 95, 99, 100}) {
                int rank = (int) Math.ceil(p / 100 * n);
                assertThat(w.percentile(p)).as("p%s of %s values", p, n).isEqualTo(copy[Math.max(0, rank - 1)]);
            }
        }
    }

    @Test
    void capacityBoundsMemoryByDroppingTheOldest() {
        SlidingWindow w = new SlidingWindow(10_000, 3);
        w.add(1, 100);
        w.add(2, 1);
        w.add(3, 2);
        w.add(4, 3);
        assertThat(w.size()).isEqualTo(3);
        assertThat(w.max()).isEqualTo(3);
        assertThat(w.mean()).isEqualTo(2);
    }

    @Test
    void invalidArgumentsAreRefused() {
        assertThatThrownBy(() -> new SlidingWindow(0, 10)).hasMessageContaining("length");
        assertThatThrownBy(() -> new SlidingWindow(10, 0)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new SlidingWindow(10, 10).mean()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SlidingWindow(10, 10).percentile(0)).hasMessageContaining("percentile");
    }
}
