package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Network load that crosses the network, on two network hosts ({@link TwoNetworkHosts}: Linux network namespaces
 * joined by veth pairs to a bridge, an agent in each with its own host id, its sink on its namespace's address and an
 * allowlist of the subnet on the sink port). The orchestrator pairs the two agents and each sends to the other's sink:
 * the veth counters see the target rate in both directions, and the agents' and the orchestrator's link reports agree.
 * Skipped, saying why, where the machine cannot make namespaces (not root, no iproute2).
 */
@Tag("load-scope")
class NetworkAcrossHostsTest {
    /** The scope's bandwidth at 100 % on each host; the test runs at half of it. */
    private static final double BANDWIDTH_MBPS = 100;
    private static final double LOAD_PERCENT = 50;

    private static TwoNetworkHosts hosts;

    @BeforeAll
    static void twoNetworkHosts() throws IOException {
        String why = NetworkNamespaces.unavailable();
        assumeThat(why).as("network namespaces: %s", why).isNull();
        Path home = Path.of(System.getProperty("stress.home", "..")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("stress.system.work", "target/system-stack")).toAbsolutePath()
                .resolveSibling("network-hosts");
        hosts = TwoNetworkHosts.start(home, work, BANDWIDTH_MBPS);
    }

    @AfterAll
    static void removeEverything() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void pairedAgentsLoadTheLinkBetweenTheirHostsAtTheTargetRate() throws Exception {
        String orchestrator = hosts.orchestrator();
        NamespaceAgent a = hosts.agents().get(0);
        NamespaceAgent b = hosts.agents().get(1);
        awaitPairable(hosts);

        Http.Response started = Http.post(orchestrator + "/cycle/quick", """
                {"target_load": %s, "duration": 20, "ramp_up_seconds": 1, "ramp_down_seconds": 1,
                 "weights": {"cpu": 0, "memory": 0, "io": 0, "network": 1}}""".formatted(LOAD_PERCENT));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String cycleId = started.json().path("cycle_id").asText();
        awaitPairedHold(hosts);

        VethRates rates = VethRates.measure(a.host(), b.host(), Duration.ofSeconds(5));
        double target = BANDWIDTH_MBPS * LOAD_PERCENT / 100;
        System.out.printf("veth Mbps at target %.1f: %s%n", target, rates);

        // On the wire: the payload at the target plus TCP/IP and Ethernet headers (about 4 %), the other direction's
        // acknowledgements and each agent's Kafka traffic (samples, heartbeats: well under 1 Mbps).
        for (double wire : rates.all()) {
            assertThat(wire).as(rates.toString()).isBetween(target * 0.97, target * 1.10);
        }
        for (NamespaceAgent agent : List.of(a, b)) {
            JsonNode link = agent.status().path("network").path("links").path(0);
            assertThat(link.path("mbps").asDouble()).as(agent.id() + "'s link").isBetween(target * 0.95, target * 1.05);
        }
        JsonNode links = Http.getJson(orchestrator + "/status").path("network_links");
        assertThat(links).hasSize(2);
        assertThat(links.findValuesAsText("to_agent")).containsExactlyInAnyOrder("agent-a", "agent-b");
        assertThat(links.findValuesAsText("from_host")).containsExactlyInAnyOrder("host-agent-a", "host-agent-b");

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() ->
                Http.getJson(orchestrator + "/cycles/" + cycleId).path("ended_at_ms").isNumber());
        JsonNode phase = Http.getJson(orchestrator + "/cycles/" + cycleId).path("phases").path(0);
        assertThat(phase.path("network_links")).hasSize(2);
        for (JsonNode link : phase.path("network_links")) {
            assertThat(link.path("mbps").asDouble()).as("mean over the hold").isBetween(target * 0.9, target * 1.05);
        }
    }

    /** Each agent has announced its sink on its own host, and safety finds the hosts fit. */
    static void awaitPairable(TwoNetworkHosts hosts) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
            JsonNode listed = Http.getJson(hosts.orchestrator() + "/agents").path("agents");
            return listed.size() == 2 && listed.findValuesAsText("network_sink").size() == 2;
        });
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                Http.post(hosts.safety() + "/safety/preflight", "{}").json().path("fit").asBoolean());
    }

    /**
     * The phase holds and each agent sends to the other's sink; then 2 s more, since the first second after a new
     * target is the connections' start: what follows is the steady state.
     */
    static void awaitPairedHold(TwoNetworkHosts hosts) throws InterruptedException {
        NamespaceAgent a = hosts.agents().get(0);
        NamespaceAgent b = hosts.agents().get(1);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> "hold".equals(Http.getJson(hosts.orchestrator() + "/status").path("stage").asText()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(a.status().path("network").path("links").findValuesAsText("target"))
                    .containsExactly(TwoNetworkHosts.sink(b));
            assertThat(b.status().path("network").path("links").findValuesAsText("target"))
                    .containsExactly(TwoNetworkHosts.sink(a));
        });
        Thread.sleep(2000);
    }

    /** What the two hosts' veths carried over a window, in Mbps: each host's sent and received bytes. */
    record VethRates(double seconds, double aSends, double aReceives, double bSends, double bReceives) {
        static VethRates measure(NetworkNamespaces.Host a, NetworkNamespaces.Host b, Duration window)
                throws InterruptedException {
            long[] a0 = a.bytes();
            long[] b0 = b.bytes();
            long t0 = System.nanoTime();
            Thread.sleep(window.toMillis());
            long[] a1 = a.bytes();
            long[] b1 = b.bytes();
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new VethRates(seconds, mbps(a1[0] - a0[0], seconds), mbps(a1[1] - a0[1], seconds),
                    mbps(b1[0] - b0[0], seconds), mbps(b1[1] - b0[1], seconds));
        }

        double[] all() {
            return new double[]{aSends, aReceives, bSends, bReceives};
        }

        private static double mbps(long bytes, double seconds) {
            return bytes * 8 / seconds / 1e6;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "over %.1f s: A sends %.2f, receives %.2f; B sends %.2f, receives %.2f",
                    seconds, aSends, aReceives, bSends, bReceives);
        }
    }
}
