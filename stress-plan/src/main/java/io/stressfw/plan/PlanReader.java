package io.stressfw.plan;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads values out of a YAML node tree for the section readers and collects every problem instead of stopping at
 * the first: each read answers null when the value is unusable, after recording why, with the node's line and
 * column and the field's full path.
 */
public final class PlanReader {
    private final String source;
    private final List<PlanProblem> problems = new ArrayList<>();

    PlanReader(String source) {
        this.source = source;
    }

    public String source() {
        return source;
    }

    public List<PlanProblem> problems() {
        return problems;
    }

    public void problem(Node node, String field, String reason) {
        int line = node == null ? 0 : node.getStartMark().getLine() + 1;
        int column = node == null ? 0 : node.getStartMark().getColumn() + 1;
        problems.add(new PlanProblem(source, line, column, field, reason));
    }

    /** A key and its value as written, with the key's node (where an unknown or duplicate key is reported). */
    public record Entry(String key, Node keyNode, Node value) {
    }

    /**
     * The entries of a mapping in file order; null (and a problem) when the node is not a mapping. A key given twice
     * is a problem naming both lines; the first one counts.
     */
    public Map<String, Entry> mapping(Node node, String field, String expected) {
        if (!(node instanceof MappingNode map)) {
            problem(node, field, "must be " + expected + ", was " + describe(node));
            return null;
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problem(tuple.getKeyNode(), field, "a key must be a plain name, was " + describe(tuple.getKeyNode()));
                continue;
            }
            Entry earlier = entries.get(key.getValue());
            if (earlier != null) {
                problem(key, join(field, key.getValue()), "given twice (first at line "
                        + (earlier.keyNode().getStartMark().getLine() + 1) + ")");
                continue;
            }
            entries.put(key.getValue(), new Entry(key.getValue(), key, tuple.getValueNode()));
        }
        return entries;
    }

    /** Reports every key not in {@code allowed}, with the accepted keys. */
    public void onlyKeys(Map<String, Entry> entries, String field, Collection<String> allowed) {
        for (Entry entry : entries.values()) {
            if (!allowed.contains(entry.key())) {
                problem(entry.keyNode(), join(field, entry.key()), "unknown field; expected one of "
                        + String.join(", ", allowed));
            }
        }
    }

    public List<Node> sequence(Node node, String field, String expected) {
        if (!(node instanceof SequenceNode list)) {
            problem(node, field, "must be " + expected + ", was " + describe(node));
            return null;
        }
        return list.getValue();
    }

    /** A finite number in [min, max]; null with a problem otherwise. */
    public Double number(Node node, String field, double min, double max) {
        Double value = anyNumber(node, field);
        if (value == null) {
            return null;
        }
        if (value < min || value > max) {
            problem(node, field, "must be between " + io.stressfw.model.Checks.format(min) + " and "
                    + io.stressfw.model.Checks.format(max) + ", was " + scalarText(node));
            return null;
        }
        return value;
    }

    /** A finite number of any size; null with a problem otherwise. */
    public Double anyNumber(Node node, String field) {
        if (!(node instanceof ScalarNode scalar) || !(scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
            problem(node, field, "must be a number, was " + describe(node));
            return null;
        }
        double value = numeric(scalar);
        if (!Double.isFinite(value)) {
            problem(node, field, "must be a finite number, was " + scalar.getValue());
            return null;
        }
        return value;
    }

    /** A whole number in [min, max]. */
    public Long whole(Node node, String field, long min, long max) {
        Double value = number(node, field, min, max);
        if (value == null) {
            return null;
        }
        if (value != Math.rint(value)) {
            problem(node, field, "must be a whole number, was " + scalarText(node));
            return null;
        }
        return value.longValue();
    }

    public Boolean bool(Node node, String field) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            String v = scalar.getValue().toLowerCase(java.util.Locale.ROOT);
            return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y");
        }
        problem(node, field, "must be true or false, was " + describe(node));
        return null;
    }

    public String text(Node node, String field) {
        if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
            return scalar.getValue();
        }
        problem(node, field, "must be a text, was " + describe(node));
        return null;
    }

    /**
     * The plain Java form of a subtree (maps, lists, Long for whole numbers written as such, Double, Boolean, String, null) for readers in
     * stress-model that take plain values. A number that is not finite stays its text, which those readers refuse.
     */
    public static Object plain(Node node) {
        if (node instanceof MappingNode map) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (NodeTuple tuple : map.getValue()) {
                values.putIfAbsent(String.valueOf(plain(tuple.getKeyNode())), plain(tuple.getValueNode()));
            }
            return values;
        }
        if (node instanceof SequenceNode list) {
            return list.getValue().stream().map(PlanReader::plain).toList();
        }
        if (node instanceof ScalarNode scalar) {
            Tag tag = scalar.getTag();
            if (tag.equals(Tag.NULL)) {
                return null;
            }
            if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
                double value = numeric(scalar);
                if (!Double.isFinite(value)) {
                    return scalar.getValue();
                }
                // A whole number stays whole (a status 200 is "200", not "200.0", where a reader wants its text).
                return tag.equals(Tag.INT) && Math.abs(value) < 1e15 ? (Object) (long) value : (Object) value;
            }
            if (tag.equals(Tag.BOOL)) {
                String v = scalar.getValue().toLowerCase(java.util.Locale.ROOT);
                return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y");
            }
            return scalar.getValue();
        }
        return null;
    }

    /** The node under {@code root} at a dotted path relative to it, or the deepest one that exists. */
    public static Node find(Node root, String dottedPath) {
        return NodePath.find(root, dottedPath, false);
    }

    /** As {@link #find(Node, String)}; {@code key}: the last key's own node rather than its value (an unknown key). */
    public static Node find(Node root, String dottedPath, boolean key) {
        return NodePath.find(root, dottedPath, key);
    }

    /**
     * Runs one of stress-model's readers of plain values ({@link #plain}) on a section and turns its refusal, which
     * names the field from the section's own name down ({@code probes.checkout.timeout}), into a problem at that
     * field's node; null then.
     */
    public <T> T model(Node section, String field, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (io.stressfw.model.ProbeFormatException e) {
            problemBelow(section, field, e.field(), e.reason());
        } catch (io.stressfw.model.ThresholdFormatException e) {
            problemBelow(section, field, e.field(), e.reason());
        } catch (IllegalArgumentException e) {
            problem(section, field, e.getMessage());
        }
        return null;
    }

    private void problemBelow(Node section, String field, String problemField, String reason) {
        String full = problemField == null || problemField.isEmpty() ? field : problemField;
        String relative = full.startsWith(field) ? NodePath.stripDot(full.substring(field.length())) : full;
        problem(relative.isEmpty() ? section : find(section, relative, reason.startsWith("unknown")), full, reason);
    }

    public static String join(String field, String key) {
        return field == null || field.isEmpty() ? key : field + "." + key;
    }

    static String describe(Node node) {
        if (node == null) {
            return "nothing";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        if (scalar.getTag().equals(Tag.NULL)) {
            return "empty";
        }
        if (scalar.getTag().equals(Tag.STR)) {
            return "the text '" + scalar.getValue() + "'";
        }
        return scalar.getValue();
    }

    private static String scalarText(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : describe(node);
    }

    private static double numeric(ScalarNode scalar) {
        String text = scalar.getValue().replace("_", "").trim();
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".nan")) {
            return Double.NaN;
        }
        if (lower.endsWith(".inf")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        try {
            if (scalar.getTag().equals(Tag.INT) && (lower.startsWith("0x") || lower.startsWith("0o")
                    || lower.startsWith("0b"))) {
                return Long.decode(lower.replace("0o", "0")).doubleValue();
            }
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
