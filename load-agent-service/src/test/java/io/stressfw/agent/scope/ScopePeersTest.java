package io.stressfw.agent.scope;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScopePeersTest {
    private static final long SECOND = 1_000_000_000L;
    private long now = 1_000 * SECOND;
    private final ScopePeers peers = new ScopePeers("agent-1", "host-a", () -> now, Duration.ofSeconds(3),
            Duration.ofSeconds(2));

    @Test
    void aloneTheAgentTakesTheWholeScope() {
        assertThat(peers.share()).isEqualTo(1);
        assertThat(peers.peerCpuCores()).isZero();
        assertThat(peers.peers()).isEmpty();
    }

    @Test
    void everyLiveAgentOfTheSameScopeTakesAnEqualShare() {
        peers.onAnnouncement(state("agent-2", "host-a", true, 0.4, 100, false));
        peers.onAnnouncement(state("agent-3", "host-a", false, 0, 0, false));
        peers.onAnnouncement(state("agent-4", "host-b", true, 1.0, 500, false));

        assertThat(peers.share()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(peers.peerCpuCores()).isCloseTo(0.4, within(1e-9));
        assertThat(peers.peerMemoryMb()).isEqualTo(100);
        assertThat(peers.peers()).extracting(ScopePeers.Peer::agentId).containsExactly("agent-2", "agent-3");
    }

    @Test
    void aPeerThatSaysItLeavesIsGoneAtOnce() {
        peers.onAnnouncement(state("agent-2", "host-a", true, 0.4, 100, false));
        assertThat(peers.share()).isEqualTo(0.5);

        peers.onAnnouncement(state("agent-2", "host-a", false, 0, 0, true));

        assertThat(peers.share()).isEqualTo(1);
        assertThat(peers.peerMemoryMb()).isZero();
    }

    @Test
    void aSilentPeerIsGoneAfterTheTimeout() {
        peers.onAnnouncement(state("agent-2", "host-a", true, 0.4, 100, false));
        now += 3 * SECOND;
        assertThat(peers.share()).as("silent exactly the timeout").isEqualTo(0.5);
        now += 1;
        assertThat(peers.share()).isEqualTo(1);
        assertThat(peers.peers()).isEmpty();
    }

    @Test
    void aPeerThatMovesToAnotherScopeIsNoLongerAPeer() {
        peers.onAnnouncement(state("agent-2", "host-a", true, 0.4, 100, false));
        peers.onAnnouncement(state("agent-2", "host-b", true, 0.4, 100, false));
        assertThat(peers.share()).isEqualTo(1);
    }

    @Test
    void itsOwnHeartbeatCountsAsHearingButNotAsAPeer() {
        assertThat(peers.settled()).isFalse();
        peers.onAnnouncement(state("agent-1", "host-a", true, 0.4, 100, false));
        assertThat(peers.share()).isEqualTo(1);
        now += 2 * SECOND - 1;
        assertThat(peers.settled()).isFalse();
        now += 1;
        assertThat(peers.settled()).isTrue();
    }

    @Test
    void aTimeoutShorterThanAHeartbeatIntervalIsRefused() {
        assertThatThrownBy(() -> new ScopePeers("a", "s", () -> 0, Duration.ofMillis(500), Duration.ZERO))
                .hasMessageContaining("peer_timeout must be at least 1s");
    }

    private static PeerState state(String id, String scope, boolean loading, double cores, double memoryMb, boolean leaving) {
        return new PeerState(id, scope, LoadScope.HOST, scope, loading, cores, memoryMb, leaving);
    }
}
