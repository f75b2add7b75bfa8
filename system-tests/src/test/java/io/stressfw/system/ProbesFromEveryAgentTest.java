package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.launcher.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 19's probes from every agent, across the real services: the configured plan's {@code edge} probe
 * ({@code run_on: agents}) is run by both agents, each publishing {@code probe:edge@<agent>}; the metrics-service
 * keeps each agent's view apart, and a phase rule on the probe's error rate stops the cycle through safety once the
 * service fails, the violation naming the agent whose view broke it first.
 */
@Tag("slo-probes")
class ProbesFromEveryAgentTest {
    @BeforeEach
    void readyForACycle() {
        SloStack.exporter().answer(204);
        SloStack.control().awaitReadyForACycle();
    }

    @AfterEach
    void serviceHealthyAgain() {
        SloStack.exporter().answer(204);
    }

    @Test
    void eachAgentProbesTheServiceAndARuleOnTheProbeStopsTheCycleWhenAnyAgentSeesItFail() {
        List<String> sources = new ArrayList<>();
        for (ServiceProcess agent : SloStack.get().agents()) {
            sources.add("probe:edge@" + agent.name());
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
            JsonNode probes = Http.getJson(SloStack.metrics() + "/metrics/snapshot").path("probes");
            for (String source : sources) {
                assertThat(probes.path(source).path("metrics").path("probe.edge.error_rate").isNumber())
                        .as(source + " in " + probes).isTrue();
            }
        });

        String plan = SloStack.probes() + """
                phases:
                  light: {min_load: 10, max_load: 25, target_load: 15, duration_seconds: 60, ramp_up_seconds: 1,
                          ramp_down_seconds: 1, cpu_weight: 1.0,
                          safety_thresholds: {"probe.edge.error_rate": {limit: 0.5, for: 1s}}}
                """;
        String cycleId = SloStack.control().startPlan(plan);
        SloStack.control().awaitHold(cycleId, Duration.ofSeconds(20));

        SloStack.exporter().answer(503);
        JsonNode report = SloStack.control().awaitCycleEnd(cycleId, Duration.ofSeconds(20));

        assertThat(report.path("outcome").asText()).as("%s", report).isEqualTo("aborted");
        assertThat(report.path("aborted_by").asText()).isEqualTo("safety");
        JsonNode violation = report.path("violations").path(0);
        assertThat(violation.path("rule_id").asText()).isEqualTo("phase:light:probe.edge.error_rate");
        assertThat(violation.path("source_id").asText()).isIn(sources);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
            JsonNode light = Http.getJson(SloStack.metrics() + "/metrics/cycles/" + cycleId).path("phases").path(0);
            for (String source : sources) {
                assertThat(light.path("sources").path(source).path("metrics").path("probe.edge.latency_ms").isObject())
                        .as(source + " in the phase's report").isTrue();
            }
        });
        for (ServiceProcess agent : SloStack.get().agents()) {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().untilAsserted(() -> {
                for (JsonNode generator : Http.getJson(agent.url() + "/agent/status").path("generators")) {
                    assertThat(generator.path("target_percent").asDouble()).as(agent.name()).isZero();
                }
            });
        }
    }
}
