package io.stressfw.plan;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The field a line of broken YAML belongs to, from indentation alone (the parser gave up, so there is no tree):
 * the keys and list items of the lines above that enclose it, e.g. {@code phases[0].duration_seconds}. A line
 * indented with a tab counts as a sibling of the key line before it (what the writer meant).
 */
final class FieldGuess {
    private static final Pattern KEY = Pattern.compile("^([ \\t]*)(- +)?[\"']?([A-Za-z_][A-Za-z0-9_ ]*)[\"']?[ \\t]*:(\\s|$)");

    /** One enclosing level: its indentation, its path segment and, for a list's key, the items seen so far. */
    private static final class Level {
        final int indent;
        final String segment;
        int items;

        Level(int indent, String segment) {
            this.indent = indent;
            this.segment = segment;
        }
    }

    private FieldGuess() {
    }

    static String pathAt(String text, int line) {
        List<String> lines = text.lines().toList();
        if (line < 1 || line > lines.size()) {
            return "";
        }
        Deque<Level> stack = new ArrayDeque<>();
        int lastIndent = 0;
        for (int i = 0; i < line; i++) {
            Matcher m = KEY.matcher(lines.get(i));
            if (!m.find()) {
                continue;
            }
            boolean tabbed = m.group(1).indexOf('\t') >= 0;
            int dashIndent = tabbed ? lastIndent : m.group(1).length();
            int keyIndent = tabbed ? lastIndent : dashIndent + (m.group(2) == null ? 0 : m.group(2).length());
            if (m.group(2) != null) {
                while (!stack.isEmpty() && stack.peek().indent >= dashIndent) {
                    stack.pop();
                }
                int index = stack.isEmpty() ? 0 : stack.peek().items++;
                stack.push(new Level(dashIndent, "[" + index + "]"));
            }
            while (!stack.isEmpty() && stack.peek().indent >= keyIndent) {
                stack.pop();
            }
            stack.push(new Level(keyIndent, m.group(3).trim()));
            lastIndent = keyIndent;
        }
        StringBuilder path = new StringBuilder();
        stack.descendingIterator().forEachRemaining(level -> {
            if (path.length() > 0 && !level.segment.startsWith("[")) {
                path.append('.');
            }
            path.append(level.segment);
        });
        return path.toString();
    }
}
