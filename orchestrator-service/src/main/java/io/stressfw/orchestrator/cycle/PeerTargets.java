package io.stressfw.orchestrator.cycle;

import io.stressfw.model.ResourceKind;
import io.stressfw.model.ResourceWeights;
import io.stressfw.orchestrator.cluster.NetworkPairing;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code network_targets_by_agent} of the phase commands: each agent's peer on another host while the phase has
 * network load, none otherwise (so that a phase without network load never depends on a peer's sink). A new pairing,
 * an agent joining or leaving, makes a command due at once. Plain Java, called under the service's lock.
 */
final class PeerTargets {
    private final Supplier<List<NetworkPairing.Pair>> pairs;
    private Map<String, List<String>> sent = Map.of();

    PeerTargets(Supplier<List<NetworkPairing.Pair>> pairs) {
        this.pairs = pairs;
    }

    /** The targets by agent for a phase with these weights. */
    Map<String, List<String>> forPhase(ResourceWeights weights) {
        return weights.of(ResourceKind.NETWORK) > 0 ? NetworkPairing.targetsByAgent(pairs.get()) : Map.of();
    }

    /** Whether {@code targets} differ from the last ones sent: a command is due. */
    boolean changed(Map<String, List<String>> targets) {
        return !targets.equals(sent);
    }

    void sent(Map<String, List<String>> targets) {
        sent = targets;
    }
}
