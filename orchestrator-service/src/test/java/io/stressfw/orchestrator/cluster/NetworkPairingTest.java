package io.stressfw.orchestrator.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkPairingTest {
    private static final List<String> PODS = List.of("sink", "10.0.0.0/8:9100");

    @Test
    void twoHostsOfTwoAgentsEachPairOneToOneInBothDirections() {
        List<NetworkPairing.Pair> pairs = NetworkPairing.pair(List.of(
                agent("b2", "node-b", "10.0.2.2:9100", PODS), agent("a1", "node-a", "10.0.1.1:9100", PODS),
                agent("b1", "node-b", "10.0.2.1:9100", PODS), agent("a2", "node-a", "10.0.1.2:9100", PODS)));

        assertThat(NetworkPairing.targetsByAgent(pairs)).containsExactly(
                Map.entry("a1", List.of("10.0.2.1:9100")), Map.entry("a2", List.of("10.0.2.2:9100")),
                Map.entry("b1", List.of("10.0.1.1:9100")), Map.entry("b2", List.of("10.0.1.2:9100")));
        assertThat(pairs.get(0)).isEqualTo(new NetworkPairing.Pair("a1", "node-a", "b1", "node-b", "10.0.2.1:9100"));
    }

    @Test
    void threeHostsOfOneAgentEachFormARing() {
        List<NetworkPairing.Pair> pairs = NetworkPairing.pair(List.of(agent("a", "node-a", "10.0.1.1:9100", PODS),
                agent("b", "node-b", "10.0.2.1:9100", PODS), agent("c", "node-c", "10.0.3.1:9100", PODS)));

        assertThat(pairs).extracting(p -> p.fromAgent() + "->" + p.toAgent()).containsExactly("a->b", "b->c", "c->a");
    }

    @Test
    void agentsOnOneHostAreNeverPaired() {
        assertThat(NetworkPairing.pair(List.of(agent("a1", "node-a", "10.0.1.1:9100", PODS),
                agent("a2", "node-a", "10.0.1.2:9100", PODS)))).isEmpty();
    }

    @Test
    void aPeerIsChosenOnlyWhenTheSendersAllowlistAllowsItsSink() {
        List<NetworkPairing.Pair> pairs = NetworkPairing.pair(List.of(
                agent("a", "node-a", "10.0.1.1:9100", List.of("sink")),
                agent("b", "node-b", "10.0.2.1:9100", List.of("sink", "10.0.1.0/24:9100")),
                agent("c", "node-c", null, PODS)));

        // a allows nothing but its own sink; c's sink is loopback only, so nobody can reach it.
        assertThat(pairs).extracting(p -> p.fromAgent() + "->" + p.toAgent()).containsExactly("b->a", "c->a");
    }

    static AgentScope agent(String id, String host, String sink, List<String> allowlist) {
        return AgentScope.of(id, host, ScopeCaps.agent(host, sink, allowlist));
    }
}
