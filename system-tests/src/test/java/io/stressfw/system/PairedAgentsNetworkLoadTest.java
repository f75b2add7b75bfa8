package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.launcher.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Network load that crosses the network, on {@link HostsStack}'s two agent hosts (Linux network namespaces joined by
 * veth pairs to a bridge), the agents run as two machines ({@link HostsStack#pairAgentsForNetworkLoad}: each its own
 * host id, its sink on its host's address, an allowlist of the subnet on the sink port). The orchestrator pairs the
 * two agents and each sends to the other's sink: the veth counters see the target rate in both directions, and the
 * agents' and the orchestrator's link reports agree. Shares the stack with {@link AcrossNetworkHostsTest} (one JVM,
 * tag {@code network-hosts}); skipped, saying why, where the machine cannot make namespaces (not root, no iproute2).
 */
@Tag("network-hosts")
@Order(2)
class PairedAgentsNetworkLoadTest {
    /** The scope's bandwidth at 100 % on each host; the test runs at half of it. */
    private static final double BANDWIDTH_MBPS = 100;
    private static final double LOAD_PERCENT = 50;

    private HostsStack stack;

    @BeforeAll
    static void networkHostsCanBeMade() {
        NetworkHosts.assumeAvailable(PairedAgentsNetworkLoadTest.class);
    }

    @BeforeEach
    void pairedAgents() {
        stack = HostsStack.get();
        stack.pairAgentsForNetworkLoad(BANDWIDTH_MBPS);
        stack.control().awaitReadyForACycle();
    }

    @AfterEach
    void undoFaults() {
        stack.undoFaults();
    }

    @Test
    void pairedAgentsLoadTheLinkBetweenTheirHostsAtTheTargetRate() throws Exception {
        String orchestrator = stack.control().orchestrator();
        ServiceProcess a = stack.service(HostsStack.AGENT_1);
        ServiceProcess b = stack.service(HostsStack.AGENT_2);
        awaitPairable(stack);

        Http.Response started = Http.post(orchestrator + "/cycle/quick", """
                {"target_load": %s, "duration": 20, "ramp_up_seconds": 1, "ramp_down_seconds": 1,
                 "weights": {"cpu": 0, "memory": 0, "io": 0, "network": 1}}""".formatted(LOAD_PERCENT));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String cycleId = started.json().path("cycle_id").asText();
        awaitPairedHold(stack);

        VethRates rates = VethRates.measure(stack.host(HostsStack.AGENT_1), stack.host(HostsStack.AGENT_2),
                Duration.ofSeconds(5));
        double target = BANDWIDTH_MBPS * LOAD_PERCENT / 100;
        System.out.printf("veth Mbps at target %.1f: %s%n", target, rates);

        // On the wire: the payload at the target plus TCP/IP and Ethernet headers (about 4 %), the other direction's
        // acknowledgements and each agent's Kafka traffic (samples, heartbeats: well under 1 Mbps).
        for (double wire : rates.all()) {
            assertThat(wire).as(rates.toString()).isBetween(target * 0.97, target * 1.10);
        }
        for (ServiceProcess agent : List.of(a, b)) {
            JsonNode link = AgentLoad.status(agent).path("network").path("links").path(0);
            assertThat(link.path("mbps").asDouble()).as(agent.name() + "'s link").isBetween(target * 0.95, target * 1.05);
        }
        JsonNode links = Http.getJson(orchestrator + "/status").path("network_links");
        assertThat(links).hasSize(2);
        assertThat(links.findValuesAsText("to_agent")).containsExactlyInAnyOrder(HostsStack.AGENT_1, HostsStack.AGENT_2);
        assertThat(links.findValuesAsText("from_host")).containsExactlyInAnyOrder("host-agent-1", "host-agent-2");

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() ->
                Http.getJson(orchestrator + "/cycles/" + cycleId).path("ended_at_ms").isNumber());
        JsonNode phase = Http.getJson(orchestrator + "/cycles/" + cycleId).path("phases").path(0);
        assertThat(phase.path("network_links")).hasSize(2);
        for (JsonNode link : phase.path("network_links")) {
            assertThat(link.path("mbps").asDouble()).as("mean over the hold").isBetween(target * 0.9, target * 1.05);
        }
    }

    /** Each agent has announced its sink on its own host (not an earlier run's), and safety finds the hosts fit. */
    static void awaitPairable(HostsStack stack) {
        String orchestrator = stack.control().orchestrator();
        List<String> sinks = List.of(stack.sink(HostsStack.AGENT_1), stack.sink(HostsStack.AGENT_2));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
            JsonNode listed = Http.getJson(orchestrator + "/agents").path("agents");
            return listed.size() == 2 && listed.findValuesAsText("network_sink").containsAll(sinks);
        });
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                Http.post(stack.url("safety") + "/safety/preflight", "{}").json().path("fit").asBoolean());
    }

    /**
     * The phase holds and each agent sends to the other's sink; then 2 s more, since the first second after a new
     * target is the connections' start: what follows is the steady state.
     */
    static void awaitPairedHold(HostsStack stack) throws InterruptedException {
        ServiceProcess a = stack.service(HostsStack.AGENT_1);
        ServiceProcess b = stack.service(HostsStack.AGENT_2);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> "hold".equals(Http.getJson(stack.control().orchestrator() + "/status").path("stage").asText()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(AgentLoad.status(a).path("network").path("links").findValuesAsText("target"))
                    .containsExactly(stack.sink(HostsStack.AGENT_2));
            assertThat(AgentLoad.status(b).path("network").path("links").findValuesAsText("target"))
                    .containsExactly(stack.sink(HostsStack.AGENT_1));
        });
        Thread.sleep(2000);
    }
}
