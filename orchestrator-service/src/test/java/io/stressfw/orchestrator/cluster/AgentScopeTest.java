package io.stressfw.orchestrator.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentScopeTest {

    @Test
    void readsWhatAnAgentAnnounces() {
        Map<String, Object> caps = ScopeCaps.withLinks(ScopeCaps.agent("node-a", "10.0.1.1:9100",
                List.of("sink", "10.0.0.0/8:9100", "not an entry")), Map.of("10.0.2.1:9100", 48.5));

        AgentScope scope = AgentScope.of("a1", "pod-a1", caps);

        assertThat(scope.hostId()).isEqualTo("node-a");
        assertThat(scope.kind()).isEqualTo("host");
        assertThat(scope.cpuCores()).isEqualTo(2.0);
        assertThat(scope.sink()).isEqualTo("10.0.1.1:9100");
        assertThat(scope.allows("10.0.2.1:9100")).isTrue();
        assertThat(scope.allows("192.168.0.1:9100")).isFalse();
        assertThat(scope.allowlist()).hasSize(2);
        assertThat(scope.links()).containsExactly(new AgentScope.Link("10.0.2.1:9100", 48.5));
    }

    @Test
    void anAgentThatAnnouncesNoScopeLoadsItsHeartbeatsHost() {
        AgentScope scope = AgentScope.of("old", "pod-old", Map.of("cores", 2));

        assertThat(scope.hostId()).isEqualTo("pod-old");
        assertThat(scope.scopeId()).isEqualTo("pod-old");
        assertThat(scope.sink()).isNull();
        assertThat(scope.allows("10.0.0.1:9100")).isFalse();
    }

    @Test
    void linksResolveTheReceivingAgentFromTheSinksAnnounced() {
        AgentScope a = AgentScope.of("a1", "pod", ScopeCaps.withLinks(ScopeCaps.agent("node-a", "10.0.1.1:9100",
                List.of("sink")), Map.of("10.0.2.1:9100", 40.0, "127.0.0.1:4000", 1.0)));
        AgentScope b = AgentScope.of("b1", "pod", ScopeCaps.agent("node-b", "10.0.2.1:9100", List.of("sink")));

        assertThat(NetworkLink.of(List.of(a, b))).containsExactlyInAnyOrder(
                new NetworkLink("a1", "node-a", "10.0.2.1:9100", "b1", "node-b", 40.0),
                new NetworkLink("a1", "node-a", "127.0.0.1:4000", null, null, 1.0));
    }
}
