package io.stressfw.model;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a probe runs, and the assignment of the agents' probes as it travels in the orchestrator's heartbeat. */
class AgentProbeAssignmentTest {
    private static Map<String, ProbeSpec> plan() {
        Map<String, Object> probes = new LinkedHashMap<>();
        probes.put("checkout", Map.of("type", "http", "url", "http://shop:8080/checkout", "expected_status", 200,
                "interval", "500ms", "run_on", "agents"));
        probes.put("db", Map.of("type", "tcp", "address", "db:5432", "run_on", "AGENTS"));
        probes.put("queue_depth", Map.of("type", "promql", "url", "http://prometheus:9090", "query", "sum(q)"));
        return ProbeSpecParser.parseAll(probes, "probes");
    }

    private static Heartbeat heartbeat(ServiceKind kind, Map<String, Object> capabilities) {
        return new Heartbeat(Versioned.SCHEMA_VERSION, "orchestrator", kind, "1.0.0", "node-a", 1L, 2L, capabilities);
    }

    @Test
    void aProbeRunsOnTheOrchestratorUnlessThePlanSaysAgents() {
        Map<String, ProbeSpec> probes = plan();

        assertThat(probes.get("checkout").settings().runOn()).isEqualTo(ProbeSite.AGENTS);
        assertThat(probes.get("db").settings().runOn()).isEqualTo(ProbeSite.AGENTS);
        assertThat(probes.get("queue_depth").settings().runOn()).isEqualTo(ProbeSite.ORCHESTRATOR);
        assertThat(probes.get("checkout").toMap()).containsEntry("run_on", "agents");
        assertThat(probes.get("queue_depth").toMap()).doesNotContainKey("run_on");
    }

    @Test
    void aPromqlProbeCannotRunOnTheAgentsAndAnUnknownSiteIsNamed() {
        assertThatThrownBy(() -> ProbeSpecParser.parseAll(Map.of("q", Map.of("type", "promql", "url", "http://p:9090",
                "query", "up", "run_on", "agents")), "probes"))
                .isInstanceOf(ProbeFormatException.class)
                .hasMessageStartingWith("probes.q.run_on: agents runs http and tcp probes only");
        assertThatThrownBy(() -> ProbeSpecParser.parseAll(Map.of("c", Map.of("type", "tcp", "address", "db:1",
                "run_on", "everywhere")), "probes"))
                .isInstanceOf(ProbeFormatException.class)
                .hasMessageContaining("probes.c.run_on")
                .hasMessageContaining("expected one of orchestrator, agents");
    }

    @Test
    void theAssignmentHoldsOnlyTheAgentsProbesAndReadsBackFromAHeartbeatOnTheWire() throws Exception {
        AgentProbeAssignment assignment = AgentProbeAssignment.of(plan());
        assertThat(assignment.probes().keySet()).containsExactly("checkout", "db");

        String json = WireCodec.encode(heartbeat(ServiceKind.ORCHESTRATOR,
                Map.of(AgentProbeAssignment.CAPABILITY, assignment.toCapability())));
        Heartbeat received = WireCodec.decode(json, Heartbeat.class);

        assertThat(AgentProbeAssignment.from(received)).contains(assignment);
        assertThat(json).contains("\"agent_probes\":{\"version\":1,\"lease_ms\":5000,\"probes\":{\"checkout\":");
    }

    @Test
    void anotherServicesHeartbeatOrAnOrchestratorWithoutTheCapabilityAssignsNothing() throws Exception {
        Map<String, Object> capability = Map.of(AgentProbeAssignment.CAPABILITY, AgentProbeAssignment.of(plan()).toCapability());
        assertThat(AgentProbeAssignment.from(heartbeat(ServiceKind.AGENT, capability))).isEqualTo(Optional.empty());
        assertThat(AgentProbeAssignment.from(heartbeat(ServiceKind.ORCHESTRATOR, Map.of()))).isEqualTo(Optional.empty());
    }

    @Test
    void anAssignmentOfAnotherVersionOrWithABadProbeIsRefusedNamingTheField() {
        Map<String, Object> newer = new LinkedHashMap<>(AgentProbeAssignment.of(plan()).toCapability());
        newer.put("version", 2);
        assertThatThrownBy(() -> AgentProbeAssignment.from(heartbeat(ServiceKind.ORCHESTRATOR,
                Map.of(AgentProbeAssignment.CAPABILITY, newer))))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("heartbeat of orchestrator: agent_probes.version: unsupported version 2 (this build reads version 1)");

        Map<String, Object> bad = Map.of("version", 1, "lease_ms", 5000,
                "probes", Map.of("checkout", Map.of("type", "http", "url", "ftp://x", "run_on", "agents")));
        assertThatThrownBy(() -> AgentProbeAssignment.from(heartbeat(ServiceKind.ORCHESTRATOR,
                Map.of(AgentProbeAssignment.CAPABILITY, bad))))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("agent_probes.probes.checkout.url: must be an absolute http or https URL");

        Map<String, Object> orchestrators = Map.of("version", 1, "lease_ms", 5000,
                "probes", Map.of("db", Map.of("type", "tcp", "address", "db:5432")));
        assertThatThrownBy(() -> AgentProbeAssignment.from(heartbeat(ServiceKind.ORCHESTRATOR,
                Map.of(AgentProbeAssignment.CAPABILITY, orchestrators))))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("agent_probes.probes.db.run_on: must be agents, was orchestrator");
    }

    @Test
    void probeSourcesNameTheProbeAndTheAgent() {
        assertThat(ProbeSources.orchestrator("checkout")).isEqualTo("probe:checkout");
        assertThat(ProbeSources.agent("checkout", "agent-1")).isEqualTo("probe:checkout@agent-1");
        assertThat(ProbeSources.probeOf("probe:checkout@agent-1")).isEqualTo("checkout");
        assertThat(ProbeSources.agentOf("probe:checkout@agent-1")).isEqualTo("agent-1");
        assertThat(ProbeSources.probeOf("probe:checkout")).isEqualTo("checkout");
        assertThat(ProbeSources.agentOf("probe:checkout")).isNull();
        assertThat(ProbeSources.probeOf("agent-1")).isNull();
    }
}
