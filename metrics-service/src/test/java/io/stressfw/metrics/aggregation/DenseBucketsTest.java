package io.stressfw.metrics.aggregation;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DenseBucketsTest {

    @Test
    void growsBothWaysAndFindsRanksFromEitherEnd() {
        DenseBuckets buckets = new DenseBuckets();
        for (int index : new int[]{100, 100, -500, 2_000, 101}) {
            buckets.add(index);
        }
        assertThat(buckets.total()).isEqualTo(5);
        assertThat(buckets.indexAtRank(1, false)).isEqualTo(-500);
        assertThat(buckets.indexAtRank(3, false)).isEqualTo(100);
        assertThat(buckets.indexAtRank(4, false)).isEqualTo(101);
        assertThat(buckets.indexAtRank(1, true)).isEqualTo(2_000);
        assertThat(buckets.toMap()).containsExactly(Map.entry(-500, 1L), Map.entry(100, 2L), Map.entry(101, 1L),
                Map.entry(2_000, 1L));
        assertThatThrownBy(() -> buckets.indexAtRank(6, false)).hasMessageContaining("beyond");
    }

    @Test
    void mapRoundTripKeepsCounts() {
        DenseBuckets buckets = DenseBuckets.fromMap(Map.of(3, 2L, 7, 5L));
        assertThat(buckets.total()).isEqualTo(7);
        assertThat(buckets.indexAtRank(3, false)).isEqualTo(7);
        assertThatThrownBy(() -> DenseBuckets.fromMap(Map.of(1, -1L))).hasMessageContaining(">= 0");
    }
}
