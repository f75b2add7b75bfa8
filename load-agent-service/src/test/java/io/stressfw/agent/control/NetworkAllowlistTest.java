package io.stressfw.agent.control;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkAllowlistTest {
    private final InetSocketAddress sink = new InetSocketAddress("127.0.0.1", 40000);

    @Test
    void noRequestedTargetsMeansEveryAllowlistedOne() {
        NetworkAllowlist allowlist = new NetworkAllowlist(List.of("sink", "10.0.0.5:9000"), sink);
        assertThat(allowlist.approve(List.of())).hasSize(2).contains(sink);
    }

    @Test
    void refusesATargetOutsideTheAllowlist() {
        NetworkAllowlist allowlist = new NetworkAllowlist(List.of("sink"), sink);
        assertThatThrownBy(() -> allowlist.approve(List.of("8.8.8.8:53")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'8.8.8.8:53' is not in the agent's allowlist");
    }

    @Test
    void acceptsTheOwnSinkByNameOrAddressAndListedEntriesCaseInsensitively() {
        NetworkAllowlist allowlist = new NetworkAllowlist(List.of("sink", "Sink-Host.local:9000"), sink);
        assertThat(allowlist.approve(List.of("127.0.0.1:40000", "sink-host.local:9000"))).hasSize(2).first().isEqualTo(sink);
    }

    @Test
    void aRangeLetsCommandsChooseAnyAddressInsideItButIsNoTargetByItself() {
        NetworkAllowlist allowlist = new NetworkAllowlist(List.of("sink", "10.77.0.0/24:9100"), sink);

        assertThat(allowlist.all()).containsExactly(sink);
        assertThat(allowlist.approve(List.of("10.77.0.3:9100")))
                .containsExactly(InetSocketAddress.createUnresolved("10.77.0.3", 9100));
        assertThatThrownBy(() -> allowlist.approve(List.of("10.77.1.3:9100"))).hasMessageContaining("not in the agent's allowlist");
        assertThatThrownBy(() -> allowlist.approve(List.of("agent-b.local:9100"))).hasMessageContaining("not in the agent's allowlist");
    }

    @Test
    void anAllowlistOfRangesAloneIsRefusedAtStart() {
        assertThatThrownBy(() -> new NetworkAllowlist(List.of("10.0.0.0/8:9100"), sink))
                .hasMessageContaining("names no target by itself");
    }

    @Test
    void rejectsMalformedEntries() {
        assertThatThrownBy(() -> new NetworkAllowlist(List.of("no-port"), sink)).hasMessageContaining("host:port");
        assertThatThrownBy(() -> new NetworkAllowlist(List.of(), sink)).hasMessageContaining("at least one");
    }
}
