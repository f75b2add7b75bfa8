package io.stressfw.plan;

import io.stressfw.plan.PlanReader.Entry;
import org.yaml.snakeyaml.nodes.Node;

import java.util.List;
import java.util.Map;

/** {@code adaptive_profile:} (every key required, 0-1, stability below degradation). */
final class AdaptiveProfileSection {
    private static final List<String> KEYS = List.of("aggressiveness", "stability_threshold", "degradation_threshold",
            "adaptation_rate");

    private AdaptiveProfileSection() {
    }

    static AdaptiveProfile read(PlanReader reader, Node node, String field) {
        Map<String, Entry> entries = reader.mapping(node, field, "a mapping of " + String.join(", ", KEYS));
        if (entries == null) {
            return null;
        }
        int before = reader.problems().size();
        reader.onlyKeys(entries, field, KEYS);
        double[] values = new double[KEYS.size()];
        for (int i = 0; i < KEYS.size(); i++) {
            Entry entry = entries.get(KEYS.get(i));
            if (entry == null) {
                reader.problem(node, field + "." + KEYS.get(i), "is required (0-1)");
                continue;
            }
            Double value = reader.number(entry.value(), field + "." + entry.key(), 0, 1);
            values[i] = value == null ? 0 : value;
        }
        if (reader.problems().size() > before) {
            return null;
        }
        try {
            return new AdaptiveProfile(values[0], values[1], values[2], values[3]);
        } catch (IllegalArgumentException e) {
            String key = KEYS.stream().filter(k -> e.getMessage().startsWith(k)).findFirst().orElse(KEYS.get(1));
            reader.problem(entries.get(key).value(), field + "." + key, e.getMessage());
            return null;
        }
    }
}
