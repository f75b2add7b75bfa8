package io.stressfw.plan;

import io.stressfw.model.Checks;
import io.stressfw.model.Phase;
import io.stressfw.model.RampingStrategy;
import io.stressfw.model.ProbeMetricNames;
import io.stressfw.model.ProbeSpec;
import io.stressfw.model.ThresholdSpec;
import io.stressfw.model.ThresholdSpecParser;
import io.stressfw.plan.PlanReader.Entry;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The {@code phases:} section in either form. The seed's: a list of {@code - phase: 1} (the number 0-6 or the
 * name), {@code name: "Light Load"}, {@code min_load_percent}, {@code max_load_percent}, ... Today's: a map keyed by
 * phase name with {@code min_load} / {@code max_load}. Both forms take every key (the {@code _percent} names and the
 * short ones alike, not both at once). Phases run in the order written; each band must lie at or above the bands of
 * the phases before it in the seven-phase order (a later phase may start where an earlier one ends).
 */
final class PhasesSection {
    static final String EXPECTED = "a list of phases (- phase: 1, name: ..., min_load_percent: ...) or a map keyed "
            + "by phase name (light: {min_load: ...})";
    private static final List<String> KEYS = List.of("phase", "name", "min_load_percent", "max_load_percent",
            "target_load_percent", "min_load", "max_load", "target_load", "duration_seconds", "ramp_up_seconds",
            "ramp_down_seconds", "cpu_weight", "memory_weight", "io_weight", "network_weight", "safety_thresholds",
            "adaptive_enabled", "ramping_strategy");
    private static final String PHASE_NAMES = Arrays.stream(Phase.values()).map(Phase::wireName)
            .collect(Collectors.joining(", "));

    /** A phase as read, with the nodes the cross-phase checks point at. */
    private record Read(Phase phase, PhaseSpec spec, Node anchor, Node minLoadNode, String minLoadField) {
    }

    private PhasesSection() {
    }

    /**
     * {@code probes}: the plan's declared probes, which a threshold on a probe metric must name; null when the
     * {@code probes:} section could not be read (its own problems are reported; the names are not checked then).
     */
    static Map<Phase, PhaseSpec> read(PlanReader reader, Node node, String field, Map<String, ProbeSpec> probes) {
        Map<Phase, Read> read = new LinkedHashMap<>();
        if (node instanceof SequenceNode list) {
            List<Node> items = list.getValue();
            for (int i = 0; i < items.size(); i++) {
                String itemField = field + "[" + i + "]";
                Map<String, Entry> entries = reader.mapping(items.get(i), itemField, "a phase (phase:, name:, "
                        + "min_load_percent:, ...)");
                if (entries != null) {
                    Phase phase = phaseOf(reader, entries, items.get(i), itemField);
                    add(reader, read, phase, items.get(i), entries, itemField, true, probes);
                }
            }
        } else if (node instanceof MappingNode) {
            Map<String, Entry> byName = reader.mapping(node, field, EXPECTED);
            for (Entry entry : byName.values()) {
                String phaseField = PlanReader.join(field, entry.key());
                Phase phase = phaseNamed(reader, entry.key(), entry.keyNode(), phaseField);
                Map<String, Entry> entries = reader.mapping(entry.value(), phaseField, "a phase (min_load:, max_load:, "
                        + "duration_seconds:, cpu_weight:, ...)");
                if (entries != null) {
                    if (entries.containsKey("phase")) {
                        reader.problem(entries.get("phase").keyNode(), phaseField + ".phase",
                                "not used in the map form: the key '" + entry.key() + "' names the phase");
                    }
                    add(reader, read, phase, entry.keyNode(), entries, phaseField, false, probes);
                }
            }
        } else {
            reader.problem(node, field, "must be " + EXPECTED + ", was " + PlanReader.describe(node));
            return Map.of();
        }
        if (read.isEmpty() && reader.problems().isEmpty()) {
            reader.problem(node, field, "must define at least one phase (" + PHASE_NAMES + ")");
        }
        checkBands(reader, read);
        Map<Phase, PhaseSpec> phases = new LinkedHashMap<>();
        read.forEach((phase, r) -> phases.put(phase, r.spec()));
        return phases;
    }

    private static void add(PlanReader reader, Map<Phase, Read> read, Phase phase, Node anchor,
                            Map<String, Entry> entries, String field, boolean seedForm, Map<String, ProbeSpec> probes) {
        Read one = phaseSpec(reader, phase, anchor, entries, field, seedForm, probes);
        if (phase == null || one == null) {
            return;
        }
        Read earlier = read.get(phase);
        if (earlier != null) {
            reader.problem(anchor, field, "phase " + phase.wireName() + " is defined twice (first at line "
                    + (earlier.anchor().getStartMark().getLine() + 1) + ")");
            return;
        }
        read.put(phase, one);
    }

    /** {@code phase:} as 0-6 or a name; without it, a {@code name:} that is a phase name. */
    private static Phase phaseOf(PlanReader reader, Map<String, Entry> entries, Node item, String field) {
        Entry phase = entries.get("phase");
        if (phase == null) {
            Entry name = entries.get("name");
            if (name != null && name.value() instanceof ScalarNode s && isPhaseName(s.getValue())) {
                return Phase.fromWire(s.getValue());
            }
            reader.problem(item, field + ".phase", "is required: the phase number 0-6 or its name (" + PHASE_NAMES + ")");
            return null;
        }
        if (phase.value() instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
            Long number = reader.whole(scalar, field + ".phase", 0, Phase.values().length - 1);
            return number == null ? null : Phase.values()[number.intValue()];
        }
        if (phase.value() instanceof ScalarNode scalar && scalar.getTag().equals(Tag.STR)) {
            return phaseNamed(reader, scalar.getValue(), scalar, field + ".phase");
        }
        reader.problem(phase.value(), field + ".phase", "must be the phase number 0-6 or its name (" + PHASE_NAMES
                + "), was " + PlanReader.describe(phase.value()));
        return null;
    }

    private static boolean isPhaseName(String name) {
        return Arrays.stream(Phase.values()).anyMatch(p -> p.wireName().equalsIgnoreCase(name.trim()));
    }

    private static Phase phaseNamed(PlanReader reader, String name, Node node, String field) {
        if (isPhaseName(name)) {
            return Phase.fromWire(name);
        }
        reader.problem(node, field, "unknown phase '" + name + "'; expected one of " + PHASE_NAMES
                + " (or the number 0-6)");
        return null;
    }

    private static Read phaseSpec(PlanReader reader, Phase phase, Node anchor, Map<String, Entry> entries, String field,
                                  boolean seedForm, Map<String, ProbeSpec> probes) {
        int before = reader.problems().size();
        reader.onlyKeys(entries, field, KEYS);
        PhaseSpec.Builder b = PhaseSpec.builder();
        Entry name = entries.get("name");
        if (name != null) {
            String text = reader.text(name.value(), field + ".name");
            set(reader, name, field, "name", () -> b.name(text));
        }
        Entry minLoad = number(reader, entries, anchor, field, seedForm, "min_load", true, "0-100", b::minLoad);
        number(reader, entries, anchor, field, seedForm, "max_load", true, "0-100, at least min_load", b::maxLoad);
        number(reader, entries, anchor, field, seedForm, "target_load", false, "", b::targetLoad);
        number(reader, entries, anchor, field, seedForm, "duration_seconds", true, "seconds > 0", b::durationSeconds);
        number(reader, entries, anchor, field, seedForm, "ramp_up_seconds", false, "", b::rampUpSeconds);
        number(reader, entries, anchor, field, seedForm, "ramp_down_seconds", false, "", b::rampDownSeconds);
        number(reader, entries, anchor, field, seedForm, "cpu_weight", true, "0-1", b::cpuWeight);
        number(reader, entries, anchor, field, seedForm, "memory_weight", false, "", b::memoryWeight);
        number(reader, entries, anchor, field, seedForm, "io_weight", false, "", b::ioWeight);
        number(reader, entries, anchor, field, seedForm, "network_weight", false, "", b::networkWeight);
        Entry thresholds = entries.get("safety_thresholds");
        if (thresholds != null) {
            String thresholdsField = field + ".safety_thresholds";
            Map<String, ThresholdSpec> parsed = reader.model(thresholds.value(), thresholdsField,
                    () -> ThresholdSpecParser.parseAll(PlanReader.plain(thresholds.value()), thresholdsField));
            if (parsed != null && declaredProbes(reader, thresholds.value(), thresholdsField, parsed.keySet(), probes)) {
                reader.model(thresholds.value(), thresholdsField, () -> b.safetyThresholds(parsed));
            }
        }
        Entry adaptive = entries.get("adaptive_enabled");
        if (adaptive != null) {
            Boolean on = reader.bool(adaptive.value(), field + ".adaptive_enabled");
            if (on != null) {
                b.adaptiveEnabled(on);
            }
        }
        Entry strategy = entries.get("ramping_strategy");
        if (strategy != null) {
            String text = reader.text(strategy.value(), field + ".ramping_strategy");
            if (text != null) {
                try {
                    b.rampingStrategy(RampingStrategy.fromWire(text));
                } catch (IllegalArgumentException e) {
                    reader.problem(strategy.value(), field + ".ramping_strategy", e.getMessage());
                }
            }
        }
        if (reader.problems().size() > before) {
            return null;
        }
        try {
            return new Read(phase, b.build(), anchor, minLoad == null ? anchor : minLoad.value(),
                    field + "." + (minLoad == null ? "min_load" : minLoad.key()));
        } catch (IllegalArgumentException e) {
            Entry at = minLoad != null ? minLoad : null;
            reader.problem(at == null ? anchor : at.value(), field + "." + (at == null ? "min_load" : at.key()),
                    e.getMessage());
            return null;
        }
    }

    /**
     * Reads one number under its short name or its {@code _percent} name, and hands it to the builder, whose own
     * check (range, sign) becomes a problem at the value. Missing and required: a problem at the phase.
     */
    private static Entry number(PlanReader reader, Map<String, Entry> entries, Node anchor, String field,
                                boolean seedForm, String name, boolean required, String accepted, Consumer<Double> setter) {
        Entry entry = entries.get(name);
        String percent = name.endsWith("_load") ? name + "_percent" : null;
        Entry alias = percent == null ? null : entries.get(percent);
        if (entry != null && alias != null) {
            reader.problem(alias.keyNode(), field + "." + percent, "give " + name + " or " + percent + ", not both");
            return null;
        }
        if (entry == null) {
            entry = alias;
        }
        if (entry == null) {
            if (required) {
                reader.problem(anchor, field + "." + (percent != null && seedForm ? percent : name), "is required ("
                        + accepted + ")");
            }
            return null;
        }
        Double value = reader.anyNumber(entry.value(), field + "." + entry.key());
        if (value != null) {
            set(reader, entry, field, name, () -> setter.accept(value));
        }
        return entry;
    }

    /** Runs a builder setter; its check's message (which starts with the canonical field) names the key as written. */
    private static void set(PlanReader reader, Entry entry, String field, String canonical, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            if (message.startsWith(canonical + " ")) {
                message = entry.key() + message.substring(canonical.length());
            }
            reader.problem(entry.value(), field + "." + entry.key(), message);
        }
    }

    /** Every threshold on a probe metric names a declared probe (issue 19's rule); false after reporting one that does not. */
    private static boolean declaredProbes(PlanReader reader, Node thresholds, String field, Iterable<String> metrics,
                                          Map<String, ProbeSpec> probes) {
        boolean ok = true;
        for (String metric : metrics) {
            String probe = ProbeMetricNames.probeOf(metric);
            if (probe != null && probes != null && !probes.containsKey(probe)) {
                reader.problem(PlanReader.find(thresholds, metric, true), field + "." + metric, "no probe named '"
                        + probe + "' in probes" + (probes.isEmpty() ? "" : " (" + String.join(", ", probes.keySet()) + ")"));
                ok = false;
            }
        }
        return ok;
    }

    /** In the seven-phase order, no band may reach into a later phase's band. */
    private static void checkBands(PlanReader reader, Map<Phase, Read> read) {
        List<Read> ordered = read.values().stream().sorted((a, b) -> a.phase().compareTo(b.phase())).toList();
        for (int i = 1; i < ordered.size(); i++) {
            Read lower = ordered.get(i - 1);
            Read upper = ordered.get(i);
            if (lower.spec().maxLoad() > upper.spec().minLoad()) {
                reader.problem(upper.minLoadNode(), upper.minLoadField(), "the band of " + upper.phase().wireName()
                        + " (" + Checks.format(upper.spec().minLoad()) + "-" + Checks.format(upper.spec().maxLoad())
                        + ") overlaps the band of " + lower.phase().wireName() + " ("
                        + Checks.format(lower.spec().minLoad()) + "-" + Checks.format(lower.spec().maxLoad())
                        + ", line " + (lower.anchor().getStartMark().getLine() + 1) + "): a phase must start at or above "
                        + "the max_load of the phases before it (" + lower.phase().wireName() + " "
                        + Checks.format(lower.spec().maxLoad()) + ")");
            }
        }
    }
}
