package io.stressfw.agent.scope;

/**
 * This agent's part of its scope: the share of the scope's target and caps it takes, and what its peers in the scope
 * (other agents on the same host, or in the same cgroup) say they generate. The generators read it on every step,
 * so a peer that joins or leaves changes their load at once.
 */
public interface ScopeShare {
    /** An agent with no peers: it takes the whole scope. */
    ScopeShare ALONE = new ScopeShare() {
        @Override
        public double share() {
            return 1;
        }

        @Override
        public double peerCpuCores() {
            return 0;
        }

        @Override
        public double peerMemoryMb() {
            return 0;
        }

        @Override
        public boolean settled() {
            return true;
        }
    };

    /** The share of the scope's target and caps this agent takes, in (0, 1]. */
    double share();

    /** CPU the live peers in the scope last said they generate, in cores. */
    double peerCpuCores();

    /** Memory the live peers in the scope last said they hold, in MB. */
    double peerMemoryMb();

    /**
     * Whether the agent has listened to its peers long enough to know them. Until then it must not take memory: a
     * peer it has not heard of yet could already hold the scope's cap.
     */
    boolean settled();
}
