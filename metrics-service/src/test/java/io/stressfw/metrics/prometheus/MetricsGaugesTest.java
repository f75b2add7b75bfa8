package io.stressfw.metrics.prometheus;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stressfw.metrics.aggregation.MetricsAggregator;
import org.junit.jupiter.api.Test;

import static io.stressfw.metrics.aggregation.Fixtures.agent;
import static io.stressfw.metrics.aggregation.Fixtures.host;
import static org.assertj.core.api.Assertions.assertThat;

class MetricsGaugesTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MetricsGauges gauges = new MetricsGauges(registry, MetricsAggregator.builder().build());

    @Test
    void aForgottenSourceLosesItsGaugesAndTheOthersKeepTheirs() {
        gauges.update(host("gone-host", 1, 10));
        gauges.update(host("live-host", 1, 20));
        gauges.update(agent("gone-agent", 1, "c1", null, 30, 25));

        gauges.forget("gone-host");
        gauges.forget("gone-agent");

        assertThat(registry.find("stress.host.metric").tag("host", "gone-host").gauges()).isEmpty();
        assertThat(registry.find("stress.generator.achieved.percent").tag("agent", "gone-agent").gauges()).isEmpty();
        assertThat(registry.find("stress.host.metric").tag("host", "live-host").tag("metric", "cpu_usage").gauge().value())
                .isEqualTo(20.0);
        gauges.update(host("gone-host", 2, 11));
        assertThat(registry.find("stress.host.metric").tag("host", "gone-host").tag("metric", "cpu_usage").gauge().value())
                .as("a source heard again gets its gauges back").isEqualTo(11.0);
    }
}
