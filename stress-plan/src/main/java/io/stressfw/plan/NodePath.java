package io.stressfw.plan;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds the node a problem's field names ({@code phases[0].safety_thresholds.probe.checkout.p95_ms.for}) in a YAML
 * node tree, so that a problem found by a reader of plain values, or after parsing, still points at its line.
 */
final class NodePath {
    private NodePath() {
    }

    /**
     * The node under {@code root} at a field path relative to it, or the deepest one that exists; {@code key}: the
     * last key's own node rather than its value (an unknown key). A key may itself hold dots ({@code probe.checkout.p95_ms}): at each mapping the longest key that starts the
     * rest of the path wins; {@code [i]} steps into a list.
     */
    static Node find(Node root, String dottedPath, boolean key) {
        Node node = root;
        String rest = dottedPath;
        while (node != null && !rest.isEmpty()) {
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                Integer index = close < 0 ? null : index(rest.substring(1, close));
                if (!(node instanceof SequenceNode list) || index == null || index >= list.getValue().size()) {
                    return node;
                }
                node = list.getValue().get(index);
                rest = stripDot(rest.substring(close + 1));
                continue;
            }
            if (!(node instanceof MappingNode map)) {
                return node;
            }
            NodeTuple best = null;
            int length = -1;
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().length() > length && startsPath(rest, k.getValue())) {
                    best = tuple;
                    length = k.getValue().length();
                }
            }
            if (best == null) {
                return node;
            }
            rest = rest.substring(length);
            node = rest.isEmpty() && key ? best.getKeyNode() : best.getValueNode();
            rest = stripDot(rest);
        }
        return node;
    }

    private static boolean startsPath(String path, String name) {
        return path.equals(name) || path.startsWith(name + ".") || path.startsWith(name + "[");
    }

    static String stripDot(String path) {
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static Integer index(String text) {
        try {
            int i = Integer.parseInt(text);
            return i < 0 ? null : i;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
