package io.stressfw.plan;

import io.stressfw.model.LoadLimits;
import io.stressfw.plan.PlanReader.Entry;
import org.yaml.snakeyaml.nodes.Node;

import java.util.List;
import java.util.Map;

/**
 * {@code agents: {limits: {memory_mb, disk_mb, network_mbps, io_ops_per_second}}}: caps sent with every phase
 * command of the cycle. An agent applies them only downwards (the lower of these and its own wins).
 */
final class AgentsSection {
    private static final List<String> LIMITS = List.of("memory_mb", "disk_mb", "network_mbps", "io_ops_per_second");
    /** A petabyte, a petabit: anything above is a typo. */
    private static final double MAX_LIMIT = 1e9;

    private AgentsSection() {
    }

    static LoadLimits read(PlanReader reader, Node node, String field) {
        Map<String, Entry> agents = reader.mapping(node, field, "a mapping with limits: {...}");
        if (agents == null) {
            return null;
        }
        reader.onlyKeys(agents, field, List.of("limits"));
        Entry limitsEntry = agents.get("limits");
        if (limitsEntry == null) {
            return null;
        }
        String limitsField = field + ".limits";
        Map<String, Entry> limits = reader.mapping(limitsEntry.value(), limitsField, "a mapping of "
                + String.join(", ", LIMITS));
        if (limits == null) {
            return null;
        }
        reader.onlyKeys(limits, limitsField, LIMITS);
        Double[] values = new Double[LIMITS.size()];
        for (int i = 0; i < LIMITS.size(); i++) {
            Entry entry = limits.get(LIMITS.get(i));
            if (entry != null) {
                values[i] = reader.number(entry.value(), limitsField + "." + entry.key(), 0, MAX_LIMIT);
            }
        }
        return new LoadLimits(values[0], values[1], values[2], values[3]);
    }
}
