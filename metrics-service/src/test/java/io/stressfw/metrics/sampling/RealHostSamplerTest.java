package io.stressfw.metrics.sampling;

import io.stressfw.model.MetricNames;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sampler on this machine: only shapes and ranges are asserted, never the host's actual values. */
class RealHostSamplerTest {

    @Test
    void samplesThisHostWithEveryMetricNamedAndPercentagesInRange() throws Exception {
        HostSampler sampler = HostSamplerFactory.create(Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Path.of("target"));
        Thread.sleep(120);
        Map<String, Double> m = sampler.sample();
        assertThat(m).containsKeys(sampler.metricNames());
        for (String percent : new String[]{MetricNames.CPU_USAGE, MetricNames.MEMORY_USAGE, MetricNames.DISK_USAGE}) {
            assertThat(m.get(percent)).as(percent).isNotNull().isBetween(0.0, 100.0);
        }
        m.forEach((name, value) -> {
            if (value != null) {
                assertThat(value).as(name).isFinite().isGreaterThanOrEqualTo(0.0);
            }
        });
    }
}
