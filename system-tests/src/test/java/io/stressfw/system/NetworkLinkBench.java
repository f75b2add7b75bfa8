package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.awaitility.Awaitility.await;

/**
 * Mbps across the veth link between two network hosts against the target (not part of {@code ./mvnw verify}:
 * surefire runs only *Test classes). Needs root and iproute2. Run after a build:
 * {@code ./mvnw -B -o test -pl kafka-broker,stress-launcher,system-tests -Dtest=NetworkLinkBench
 * -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dbench.levels=10,25,50,100] [-Dbench.bandwidth=200]}
 *
 * <p>{@link HostsStack} with its agents paired ({@link HostsStack#pairAgentsForNetworkLoad}) at {@code bench.bandwidth}
 * Mbps at 100 %; for each level one network-only quick cycle,
 * then over 5 s of its hold each host's veth counters (sent, received) beside what the agents report for their link.
 * Table in target/network-link-bench.md.
 */
class NetworkLinkBench {
    @Test
    void measure() throws Exception {
        NetworkHosts.unavailable().ifPresent(why -> {
            throw new IllegalStateException("network namespaces: " + why);
        });
        double bandwidth = Double.parseDouble(System.getProperty("bench.bandwidth", "200"));
        List<Double> levels = Arrays.stream(System.getProperty("bench.levels", "10,25,50,100").split(","))
                .map(String::trim).map(Double::parseDouble).toList();
        List<String> rows = new ArrayList<>();
        HostsStack hosts = HostsStack.get();
        hosts.pairAgentsForNetworkLoad(bandwidth);
        PairedAgentsNetworkLoadTest.awaitPairable(hosts);
        for (double level : levels) {
            String orchestrator = hosts.control().orchestrator();
            Http.Response started = Http.post(orchestrator + "/cycle/quick", """
                    {"target_load": %s, "duration": 14, "ramp_up_seconds": 1, "ramp_down_seconds": 1,
                     "weights": {"cpu": 0, "memory": 0, "io": 0, "network": 1}, "wait_for_fit": 60}"""
                    .formatted(level));
            if (started.status() != 202) {
                throw new AssertionError("start answered " + started.status() + ": " + started.body());
            }
            String cycleId = started.json().path("cycle_id").asText();
            PairedAgentsNetworkLoadTest.awaitPairedHold(hosts);
            VethRates rates = VethRates.measure(hosts.host(HostsStack.AGENT_1), hosts.host(HostsStack.AGENT_2),
                    Duration.ofSeconds(5));
            double reportedA = linkMbps(hosts.service(HostsStack.AGENT_1));
            double reportedB = linkMbps(hosts.service(HostsStack.AGENT_2));
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() ->
                    Http.getJson(orchestrator + "/cycles/" + cycleId).path("ended_at_ms").isNumber());
            JsonNode links = Http.getJson(orchestrator + "/cycles/" + cycleId).path("phases").path(0).path("network_links");
            double holdMean = 0;
            for (JsonNode link : links) {
                holdMean += link.path("mbps").asDouble() / Math.max(1, links.size());
            }
            double target = bandwidth * level / 100;
            rows.add(String.format(Locale.ROOT, "| %.0f | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f / %.2f | %.2f | %+.2f |",
                    level, target, rates.aSends(), rates.bReceives(), rates.bSends(), rates.aReceives(), reportedA,
                    reportedB, holdMean, (rates.aSends() + rates.bSends()) / 2 / target * 100 - 100));
            System.out.println(rows.get(rows.size() - 1));
            Thread.sleep(3000);
        }
        String table = String.join("\n", List.of(
                "| target % | target Mbps per link | A sends (veth A) | B receives (veth B) | B sends (veth B) | "
                        + "A receives (veth A) | agents' link report A / B | report's hold mean | wire vs target % |",
                "|---|---|---|---|---|---|---|---|---|")) + "\n" + String.join("\n", rows) + "\n";
        Files.writeString(Path.of("target/network-link-bench.md"), table);
        System.out.println(table);
    }

    private static double linkMbps(io.stressfw.launcher.ServiceProcess agent) {
        return AgentLoad.status(agent).path("network").path("links").path(0).path("mbps").asDouble();
    }
}
