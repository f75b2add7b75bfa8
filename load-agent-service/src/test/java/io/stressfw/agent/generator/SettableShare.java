package io.stressfw.agent.generator;

import io.stressfw.agent.scope.ScopeShare;

/** A scope share a test sets by hand: what the peers' heartbeats would say. */
final class SettableShare implements ScopeShare {
    volatile double share = 1;
    volatile double peerCpuCores;
    volatile double peerMemoryMb;
    volatile boolean settled = true;

    @Override
    public double share() {
        return share;
    }

    @Override
    public double peerCpuCores() {
        return peerCpuCores;
    }

    @Override
    public double peerMemoryMb() {
        return peerMemoryMb;
    }

    @Override
    public boolean settled() {
        return settled;
    }
}
