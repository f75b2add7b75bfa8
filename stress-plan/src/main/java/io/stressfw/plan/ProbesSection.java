package io.stressfw.plan;

import io.stressfw.model.ProbeSpec;
import io.stressfw.model.ProbeSpecParser;
import io.stressfw.model.SloSpec;
import io.stressfw.model.SloSpecParser;
import org.yaml.snakeyaml.nodes.Node;

import java.util.Map;

/**
 * The {@code probes:} and {@code slo:} sections (issue 19): stress-model's {@link ProbeSpecParser} and
 * {@link SloSpecParser} read them, as the orchestrator's probes and SLO knee finder expect; a refusal becomes a
 * problem at the line of the field it names.
 */
final class ProbesSection {
    private ProbesSection() {
    }

    /** The probes by name, in the plan's order; null when the section cannot be used (its problems reported). */
    static Map<String, ProbeSpec> probes(PlanReader reader, Node node, String field) {
        return reader.model(node, field, () -> ProbeSpecParser.parseAll(PlanReader.plain(node), field));
    }

    /** The SLO against the plan's probes ({@code probes} null: they could not be read, so the SLO is not checked). */
    static SloSpec slo(PlanReader reader, Node node, String field, Map<String, ProbeSpec> probes) {
        if (probes == null) {
            return null;
        }
        return reader.model(node, field, () -> SloSpecParser.parse(PlanReader.plain(node), field, probes));
    }
}
