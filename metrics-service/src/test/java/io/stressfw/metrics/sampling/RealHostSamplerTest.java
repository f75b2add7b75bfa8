package io.stressfw.metrics.sampling;

import io.stressfw.model.MetricNames;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sampler on this machine: only shapes and ranges are asserted, never the host's actual values. */
class RealHostSamplerTest {

    @Test
    void samplesThisHostWithEveryMetricNamedAndPercentagesInRange() {
        HostSampler sampler = HostSamplerFactory.create(Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Path.of("target"));
        // Usages are tick deltas between two readings (the first one is taken at creation): sample until the kernel's
        // tick counters have moved, within a deadline, instead of sleeping for a guessed while.
        AtomicReference<Map<String, Double>> sample = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(5)).pollInSameThread().pollInterval(Duration.ofMillis(20)).until(() -> {
            sample.set(sampler.sample());
            return sample.get().get(MetricNames.CPU_USAGE) != null;
        });
        Map<String, Double> m = sample.get();
        assertThat(m).containsKeys(sampler.metricNames());
        for (String percent : new String[]{MetricNames.CPU_USAGE, MetricNames.CPU_STEAL, MetricNames.MEMORY_USAGE,
                MetricNames.DISK_USAGE}) {
            assertThat(m.get(percent)).as(percent).isNotNull().isBetween(0.0, 100.0);
        }
        m.forEach((name, value) -> {
            if (value != null) {
                assertThat(value).as(name).isFinite().isGreaterThanOrEqualTo(0.0);
            }
        });
    }
}
