package io.stressfw.agent.scope;

import io.stressfw.model.Checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The agent's peers in its scope, from their heartbeats: every agent of the same scope id heard within the peer
 * timeout, except those that said they are leaving. The share is equal: one part per live agent, this one included,
 * so that N agents on a host each take 1/N of the host's target and caps, and re-balance as soon as one joins, says
 * it leaves, or falls silent for the timeout. Thread-safe; times come from a monotonic clock in nanoseconds.
 */
public final class ScopePeers implements ScopeShare {
    private final String selfId;
    private final String scopeId;
    private final LongSupplier nanoClock;
    private final long timeoutNanos;
    private final long settleNanos;
    private final Map<String, Entry> peers = new LinkedHashMap<>();
    private long listeningSinceNanos = Long.MIN_VALUE;

    private record Entry(PeerState state, long seenNanos) {
    }

    /** A peer as the status shows it. */
    public record Peer(String agentId, boolean loading, double cpuCores, double memoryMb, long silentMs) {
    }

    /**
     * @param timeout a peer silent for this long has left (its heartbeats come every second)
     * @param settle  how long after the first heartbeat heard the agent counts as knowing its peers
     */
    public ScopePeers(String selfId, String scopeId, LongSupplier nanoClock, Duration timeout, Duration settle) {
        this.selfId = Checks.notBlank(selfId, "agent id");
        this.scopeId = Checks.notBlank(scopeId, "scope id");
        this.nanoClock = Checks.notNull(nanoClock, "clock");
        Checks.notNull(timeout, "stress.agent.peer_timeout");
        Checks.notNull(settle, "stress.agent.peer_settle");
        if (timeout.toMillis() < 1000) {
            throw new IllegalArgumentException("stress.agent.peer_timeout must be at least 1s (heartbeats come every second), was "
                    + timeout);
        }
        this.timeoutNanos = timeout.toNanos();
        this.settleNanos = settle.toNanos();
    }

    public String scopeId() {
        return scopeId;
    }

    /** A heartbeat's state, of any agent (this one's own too: it shows that heartbeats are heard). */
    public synchronized void onAnnouncement(PeerState state) {
        long now = nanoClock.getAsLong();
        if (listeningSinceNanos == Long.MIN_VALUE) {
            listeningSinceNanos = now;
        }
        if (state.agentId().equals(selfId)) {
            return;
        }
        if (!state.scopeId().equals(scopeId) || state.leaving()) {
            peers.remove(state.agentId());
            return;
        }
        peers.put(state.agentId(), new Entry(state, now));
    }

    @Override
    public synchronized double share() {
        return 1.0 / (1 + live(nanoClock.getAsLong()).size());
    }

    @Override
    public synchronized double peerCpuCores() {
        return live(nanoClock.getAsLong()).stream().mapToDouble(e -> e.state.cpuCores()).sum();
    }

    @Override
    public synchronized double peerMemoryMb() {
        return live(nanoClock.getAsLong()).stream().mapToDouble(e -> e.state.memoryMb()).sum();
    }

    @Override
    public synchronized boolean settled() {
        return listeningSinceNanos != Long.MIN_VALUE && nanoClock.getAsLong() - listeningSinceNanos >= settleNanos;
    }

    /** The live peers, by id. */
    public synchronized List<Peer> peers() {
        long now = nanoClock.getAsLong();
        List<Peer> list = new ArrayList<>();
        for (Entry e : live(now)) {
            list.add(new Peer(e.state.agentId(), e.state.loading(), e.state.cpuCores(), e.state.memoryMb(),
                    (now - e.seenNanos) / 1_000_000L));
        }
        list.sort(Comparator.comparing(Peer::agentId));
        return list;
    }

    private List<Entry> live(long now) {
        peers.values().removeIf(e -> now - e.seenNanos > timeoutNanos);
        return List.copyOf(peers.values());
    }
}
