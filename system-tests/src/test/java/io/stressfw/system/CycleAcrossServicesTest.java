package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.launcher.ServiceProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A cycle through the real broker and the real processes: commands reach both agents, every service sees it. */
class CycleAcrossServicesTest {

    @BeforeEach
    void systemIsHealthy() {
        Scenarios.awaitHealthy();
    }

    @Test
    void lightThenMediumReachesBothAgentsAndEveryServiceRecordsIt() {
        String cycleId = Scenarios.startCycle("light", "medium");

        Map<String, Set<String>> phasesSeen = new HashMap<>();
        Map<String, Double> peakCpu = new HashMap<>();
        List<ServiceProcess> agents = SystemStack.agents();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(150)).ignoreExceptions().until(() -> {
            for (ServiceProcess agent : agents) {
                JsonNode status = SystemStack.agentStatus(agent);
                if (cycleId.equals(status.path("cycle_id").asText()) && !status.path("phase").isNull()) {
                    phasesSeen.computeIfAbsent(agent.name(), k -> new HashSet<>()).add(status.path("phase").asText());
                    peakCpu.merge(agent.name(), status.path("generators").path("cpu").path("achieved_percent").asDouble(), Math::max);
                }
            }
            return !"running".equals(Http.getJson(SystemStack.orchestrator() + "/status").path("state").asText())
                    && Scenarios.cycleEnded(cycleId);
        });

        assertThat(phasesSeen).as("phases each agent ran").containsOnlyKeys("agent-1", "agent-2");
        phasesSeen.values().forEach(seen -> assertThat(seen).contains("light", "medium"));
        peakCpu.values().forEach(cpu -> assertThat(cpu).as("achieved CPU load").isGreaterThan(0));

        JsonNode agentsView = Http.getJson(SystemStack.orchestrator() + "/agents");
        assertThat(agentsView.path("agents").findValuesAsText("id")).contains("agent-1", "agent-2");

        JsonNode report = Http.getJson(SystemStack.orchestrator() + "/cycles/" + cycleId);
        assertThat(report.path("outcome").asText()).as("%s", report).isEqualTo("completed");
        assertThat(report.path("phases").findValuesAsText("phase")).containsExactly("light", "medium");
        for (JsonNode phase : report.path("phases")) {
            assertThat(phase.path("target_load_percent").asDouble()).isGreaterThan(0);
            assertThat(phase.path("achieved_load_percent").isNumber()).as("achieved load of " + phase.path("phase")).isTrue();
        }

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            JsonNode aggregates = Http.getJson(SystemStack.metrics() + "/metrics/cycles/" + cycleId);
            assertThat(aggregates.toString()).contains("\"light\"", "\"medium\"", "cpu_usage");
        });

        Scenarios.assertAgentsReleasedEverything();
    }
}
