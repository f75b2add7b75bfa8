package io.stressfw.plan;

import io.stressfw.plan.PlanReader.Entry;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads plans ({@code stress_cycles.yaml}, an inline plan in a request) and config files (an agent's
 * {@code load_generators}, {@code logging}) and reports every problem at once, each with its line, column and field
 * ({@link InvalidPlanException}). One parser for the orchestrator, the agents, the launcher and stressctl.
 *
 * <p>A new section is one entry in {@link #SECTIONS} (its reader and where it goes in {@link StressPlan.Builder}).
 * Sections are read in the file's order, {@code probes} first.
 */
public final class PlanParser {
    /** What a plan needs: a plan to run needs phases; an agent's config file need not have any. */
    public enum Require { PHASES, NOTHING }

    /** Reads one top-level section into the plan being built. */
    @FunctionalInterface
    interface Section {
        void read(PlanReader reader, Node node, String field, StressPlan.Builder plan);
    }

    /** Read before the others, whatever the file's order: phases' thresholds and the SLO name its probes. */
    private static final String PROBES = "probes";

    /** Every top-level section, in the order the error for an unknown key lists them. */
    static final Map<String, Section> SECTIONS = sections();

    private static Map<String, Section> sections() {
        Map<String, Section> sections = new LinkedHashMap<>();
        sections.put("phases", (r, n, f, p) -> p.phases(PhasesSection.read(r, n, f, p.declaredProbes())));
        sections.put("adaptive_profile", (r, n, f, p) -> p.adaptiveProfile(AdaptiveProfileSection.read(r, n, f)));
        sections.put("agents", (r, n, f, p) -> p.agentLimits(AgentsSection.read(r, n, f)));
        sections.put("load_generators", (r, n, f, p) -> p.loadGenerators(LoadGeneratorsSection.read(r, n, f)));
        sections.put("logging", (r, n, f, p) -> p.logging(LoggingSection.read(r, n, f)));
        sections.put(PROBES, (r, n, f, p) -> p.probes(ProbesSection.probes(r, n, f)));
        sections.put("slo", (r, n, f, p) -> p.slo(ProbesSection.slo(r, n, f, p.declaredProbes())));
        return java.util.Collections.unmodifiableMap(sections);
    }

    private PlanParser() {
    }

    public static StressPlan parseFile(Path file, Require require) {
        if (!Files.isRegularFile(file)) {
            throw YamlText.single(file.toString(), 0, 0, "", "file not found or not a regular file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw YamlText.single(file.toString(), 0, 0, "", "cannot read: " + e.getMessage());
        }
        return parseBytes(bytes, file.toString(), require);
    }

    public static StressPlan parseResource(String resource, Require require) {
        String source = "classpath:" + resource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (loader != null ? loader : PlanParser.class.getClassLoader()).getResourceAsStream(resource)) {
            if (in == null) {
                throw YamlText.single(source, 0, 0, "", "missing");
            }
            return parseBytes(in.readAllBytes(), source, require);
        } catch (IOException e) {
            throw YamlText.single(source, 0, 0, "", "cannot read: " + e.getMessage());
        }
    }

    public static StressPlan parseBytes(byte[] bytes, String source, Require require) {
        return parse(YamlText.decode(bytes, source), source, require);
    }

    /** YAML or JSON text. */
    public static StressPlan parse(String text, String source, Require require) {
        Node root = YamlText.compose(text, source);
        return read(root, text, source, "", require);
    }

    /**
     * A plan inside a larger document, e.g. the {@code plan} of a JSON request body: fields are named from the
     * document's root ({@code plan.phases[0].min_load}) and lines count in the whole text.
     */
    public static StressPlan parseMember(String text, String source, String member, Require require) {
        Node root = YamlText.compose(text, source);
        Node node = root == null ? null : PlanReader.find(root, member);
        if (node == null || node == root) {
            throw YamlText.single(source, 0, 0, member, "is required");
        }
        return read(node, null, source, member, require);
    }

    /**
     * A problem found beyond the parser's own checks (e.g. against what a running service offers) at {@code field}
     * (a dotted path from the text's root) of a text that parsed: with that field's line and column.
     */
    public static PlanProblem problemAt(String text, String source, String field, String reason) {
        Node root;
        try {
            root = text == null ? null : YamlText.compose(text, source);
        } catch (InvalidPlanException e) {
            root = null;
        }
        PlanReader reader = new PlanReader(source);
        reader.problem(root == null ? null : PlanReader.find(root, field, true), field, reason);
        return reader.problems().get(0);
    }

    private static StressPlan read(Node root, String text, String source, String prefix, Require require) {
        PlanReader reader = new PlanReader(source);
        StressPlan.Builder plan = StressPlan.builder(source).text(text);
        if (root == null || root instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
            if (require == Require.PHASES) {
                reader.problems().add(new PlanProblem(source, 1, 0, PlanReader.join(prefix, "phases"),
                        "is required: the " + (prefix.isEmpty() ? "file" : "plan") + " is empty; expected "
                                + PhasesSection.EXPECTED));
                throw new InvalidPlanException(reader.problems());
            }
            return plan.build();
        }
        Map<String, Entry> sections = reader.mapping(root, prefix, "a mapping of sections ("
                + String.join(", ", SECTIONS.keySet()) + ")");
        if (sections != null) {
            reader.onlyKeys(sections, prefix, SECTIONS.keySet());
            List<Entry> order = new ArrayList<>(sections.values());
            order.sort(Comparator.comparing(entry -> !entry.key().equals(PROBES)));
            for (Entry entry : order) {
                Section section = SECTIONS.get(entry.key());
                if (section != null) {
                    section.read(reader, entry.value(), PlanReader.join(prefix, entry.key()), plan);
                }
            }
            if (require == Require.PHASES && !sections.containsKey("phases")) {
                reader.problem(root, PlanReader.join(prefix, "phases"), "is required: " + PhasesSection.EXPECTED);
            }
        }
        if (!reader.problems().isEmpty()) {
            List<PlanProblem> byLine = new ArrayList<>(reader.problems());
            byLine.sort(Comparator.comparingInt(PlanProblem::line).thenComparingInt(PlanProblem::column));
            throw new InvalidPlanException(byLine);
        }
        return plan.build();
    }
}
