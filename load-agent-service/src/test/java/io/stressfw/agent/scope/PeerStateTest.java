package io.stressfw.agent.scope;

import io.stressfw.model.Heartbeat;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.WireCodec;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PeerStateTest {

    @Test
    void whatAnAgentAnnouncesItsPeersReadBackThroughTheWire() throws Exception {
        PeerState sent = new PeerState("agent-1", "node-a", LoadScope.HOST, "node-a", true, 0.4567, 120.5, false);
        Heartbeat heartbeat = new Heartbeat(1, "agent-1", ServiceKind.AGENT, "1.0", "pod-1", 1, 2,
                sent.capabilities(Map.of("share", 0.5)));

        PeerState read = PeerState.from(WireCodec.decode(WireCodec.encode(heartbeat), Heartbeat.class)).orElseThrow();

        assertThat(read).isEqualTo(new PeerState("agent-1", "node-a", LoadScope.HOST, "node-a", true, 0.457, 120.5, false));
        assertThat(heartbeat.capabilities()).containsKeys("host_id", "scope", "load").doesNotContainKey("leaving");
    }

    @Test
    void aLeavingAgentSaysSo() {
        PeerState leaving = new PeerState("agent-1", "node-a", LoadScope.CONTAINER, "node-a/pod", false, 0, 0, true);
        Heartbeat heartbeat = new Heartbeat(1, "agent-1", ServiceKind.AGENT, "1.0", "pod-1", 1, 2, leaving.capabilities(Map.of()));

        assertThat(PeerState.from(heartbeat)).hasValueSatisfying(p -> {
            assertThat(p.leaving()).isTrue();
            assertThat(p.scope()).isEqualTo(LoadScope.CONTAINER);
        });
    }

    @Test
    void otherServicesAndAgentsWithoutAScopeAreNoPeers() {
        assertThat(PeerState.from(new Heartbeat(1, "safety", ServiceKind.SAFETY, "1.0", "h", 1, 2, Map.of()))).isEmpty();
        assertThat(PeerState.from(new Heartbeat(1, "old-agent", ServiceKind.AGENT, "1.0", "h", 1, 2, Map.of("cores", 2))))
                .isEmpty();
        assertThat(PeerState.from(new Heartbeat(1, "odd-agent", ServiceKind.AGENT, "1.0", "h", 1, 2,
                Map.of("scope", Map.of("kind", "galaxy", "id", "x"))))).isEmpty();
    }
}
