package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.launcher.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 19's PromQL stop condition end to end: a real Prometheus (Debian's) scrapes the service's queue depth
 * ({@link GaugeExporter}) every second, the orchestrator's {@code queue_depth} probe reads {@code max(...)} from it, and
 * a phase's rule {@code probe.queue_depth > 100 for 1s -> stop} aborts the cycle through safety-service once the queue
 * grows, every agent at zero.
 */
@Tag("slo-probes")
class PromqlRuleStopsTheCycleTest {
    @BeforeEach
    void readyForACycle() {
        assumeTrue(SloStack.hasPrometheus(), "Debian's prometheus is not installed (.ci/run installs it)");
        SloStack.exporter().set(3);
        SloStack.control().awaitReadyForACycle();
    }

    @AfterEach
    void queueDrained() {
        SloStack.exporter().set(0);
    }

    @Test
    void aRuleOnAPromqlProbeOfARealPrometheusStopsTheCycleAndEveryAgent() {
        String plan = SloStack.probes() + """
                phases:
                  light: {min_load: 10, max_load: 25, target_load: 20, duration_seconds: 60, ramp_up_seconds: 1,
                          ramp_down_seconds: 1, cpu_weight: 1.0,
                          safety_thresholds: {"probe.queue_depth": {limit: 100, for: 1s}}}
                """;
        String cycleId = SloStack.control().startPlan(plan);
        SloStack.control().awaitHold(cycleId, Duration.ofSeconds(20));
        assertThat(Http.getJson(SloStack.orchestrator() + "/status").path("state").asText()).isEqualTo("running");

        long queueGrew = System.currentTimeMillis();
        SloStack.exporter().set(500);
        JsonNode report = SloStack.control().awaitCycleEnd(cycleId, Duration.ofSeconds(20));

        assertThat(report.path("outcome").asText()).as("%s", report).isEqualTo("aborted");
        assertThat(report.path("aborted_by").asText()).isEqualTo("safety");
        JsonNode violation = report.path("violations").path(0);
        assertThat(violation.path("rule_id").asText()).isEqualTo("phase:light:probe.queue_depth");
        assertThat(violation.path("metric").asText()).isEqualTo("probe.queue_depth");
        assertThat(violation.path("value").asDouble()).isEqualTo(500.0);
        assertThat(violation.path("source_id").asText()).isEqualTo("probe:queue_depth");
        for (ServiceProcess agent : SloStack.get().agents()) {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().untilAsserted(() -> {
                JsonNode status = Http.getJson(agent.url() + "/agent/status");
                for (JsonNode generator : status.path("generators")) {
                    assertThat(generator.path("target_percent").asDouble()).as(agent.name()).isZero();
                }
                assertThat(status.path("last_stop_at_ms").asLong()).as(agent.name()).isGreaterThanOrEqualTo(queueGrew);
            });
        }
    }
}
