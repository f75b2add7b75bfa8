package io.stressfw.metrics.aggregation;

import io.stressfw.model.GeneratorReading;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricStatisticsTest {

    @Test
    void summarisesKnownDataAndCountsUnavailableValuesAsMissing() {
        MetricStatistics stats = new MetricStatistics();
        for (Double v : new Double[]{2.0, 4.0, null, 6.0, 8.0, null}) {
            stats.add(v);
        }
        StatsSummary s = stats.summary();
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.missing()).isEqualTo(2);
        assertThat(s.min()).isEqualTo(2.0);
        assertThat(s.mean()).isEqualTo(5.0);
        assertThat(s.p50()).isEqualTo(4.0);
        assertThat(s.p95()).isEqualTo(8.0);
        assertThat(s.max()).isEqualTo(8.0);
        assertThat(s.exact()).isTrue();
    }

    @Test
    void emptyStatisticsReportNullsNotZeros() {
        MetricStatistics stats = new MetricStatistics();
        stats.add(null);
        StatsSummary s = stats.summary();
        assertThat(s.count()).isZero();
        assertThat(s.mean()).isNull();
        assertThat(s.p99()).isNull();
        assertThat(s.missing()).isEqualTo(1);
    }

    @Test
    void generatorTrackingComparesAchievedWithTarget() {
        GeneratorTracking tracking = new GeneratorTracking();
        tracking.add(new GeneratorReading(40, 30, 1.2, "cores"));
        tracking.add(new GeneratorReading(40, 38, 1.5, "cores"));
        tracking.add(new GeneratorReading(40, 40, null, null));
        GeneratorSummary s = tracking.summary();
        assertThat(s.targetPercent().mean()).isEqualTo(40.0);
        assertThat(s.achievedPercent().mean()).isEqualTo(36.0);
        assertThat(s.meanAbsoluteError()).isEqualTo(4.0);
        assertThat(s.achievementRatio()).isEqualTo(0.9);
        assertThat(s.achievedValue().count()).isEqualTo(2);
        assertThat(s.unit()).isEqualTo("cores");
    }

    @Test
    void achievementRatioIsNullForAZeroTarget() {
        GeneratorTracking tracking = new GeneratorTracking();
        tracking.add(new GeneratorReading(0, 1, null, null));
        assertThat(tracking.summary().achievementRatio()).isNull();
    }
}
