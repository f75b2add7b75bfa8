package io.stressfw.plan;

import io.stressfw.plan.PlanReader.Entry;
import org.yaml.snakeyaml.nodes.Node;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The seed's {@code logging:} block: {@code level} and {@code handlers: [- file: path, - console: true]}. */
final class LoggingSection {
    static final List<String> LEVELS = List.of("DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL");

    private LoggingSection() {
    }

    static LoggingSpec read(PlanReader reader, Node node, String field) {
        Map<String, Entry> entries = reader.mapping(node, field, "a mapping with level and handlers");
        if (entries == null) {
            return null;
        }
        reader.onlyKeys(entries, field, List.of("level", "handlers"));
        String level = null;
        Entry levelEntry = entries.get("level");
        if (levelEntry != null) {
            String text = reader.text(levelEntry.value(), field + ".level");
            if (text != null) {
                level = text.trim().toUpperCase(Locale.ROOT);
                if (!LEVELS.contains(level)) {
                    reader.problem(levelEntry.value(), field + ".level", "unknown level '" + text
                            + "'; expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL");
                    level = null;
                }
            }
        }
        String file = null;
        // Without handlers the seed logs to the console; with handlers, only where they say.
        boolean console = false;
        Entry handlers = entries.get("handlers");
        if (handlers == null) {
            console = true;
        } else {
            List<Node> items = reader.sequence(handlers.value(), field + ".handlers",
                    "a list of handlers (- file: path, - console: true)");
            if (items != null) {
                for (int i = 0; i < items.size(); i++) {
                    String itemField = field + ".handlers[" + i + "]";
                    Map<String, Entry> handler = reader.mapping(items.get(i), itemField, "a handler (file: path or "
                            + "console: true)");
                    if (handler == null) {
                        continue;
                    }
                    reader.onlyKeys(handler, itemField, List.of("file", "console"));
                    Entry f = handler.get("file");
                    if (f != null) {
                        String path = reader.text(f.value(), itemField + ".file");
                        if (path != null && file != null) {
                            reader.problem(f.value(), itemField + ".file", "one file handler is supported; '"
                                    + file + "' is already given");
                        } else if (path != null) {
                            file = path;
                        }
                    }
                    Entry c = handler.get("console");
                    if (c != null) {
                        Boolean on = reader.bool(c.value(), itemField + ".console");
                        console = console || Boolean.TRUE.equals(on);
                    }
                }
            }
        }
        return new LoggingSpec(level, file, console);
    }
}
