package io.stressfw.orchestrator.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stressfw.model.ThresholdFormatException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/** Reads {@code stress_cycles.yaml}; any problem becomes an {@link InvalidCyclesFileException} naming file, line and field. */
public final class CyclesFileLoader {
    public static final String DEFAULT_RESOURCE = "stress_cycles.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private CyclesFileLoader() {
    }

    public static CyclesFile load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidCyclesFileException(file + ": file not found or not a regular file", null);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new InvalidCyclesFileException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static CyclesFile loadDefault() {
        try (InputStream in = CyclesFileLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new InvalidCyclesFileException("classpath:" + DEFAULT_RESOURCE + " is missing", null);
            }
            return parse(in, "classpath:" + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new InvalidCyclesFileException("classpath:" + DEFAULT_RESOURCE + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static CyclesFile parse(InputStream in, String name) {
        String text;
        try {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidCyclesFileException(name + ": cannot read: " + e.getMessage(), e);
        }
        try {
            CyclesFile file = YAML.readValue(text, CyclesFile.class);
            if (file == null) {
                throw new InvalidCyclesFileException(name + ": the file is empty", null);
            }
            return file;
        } catch (JsonMappingException e) {
            List<String> path = e.getPath().stream().map(JsonMappingException.Reference::getFieldName).toList();
            if (rootCause(e) instanceof ThresholdFormatException threshold) {
                throw thresholdProblem(name, text, path, threshold, e);
            }
            // A record's own check names the field first ("max_load must be ..."): point at that key if it exists.
            String reason = reasonOf(e);
            List<String> refined = new ArrayList<>(path);
            refined.add(e instanceof InvalidFormatException format && format.getValue() instanceof String value
                    ? value : reason.split("[ .]", 2)[0]);
            int line = lineOf(text, refined);
            if (line > 0) {
                path = refined;
            } else {
                line = lineOf(text, path);
            }
            String where = line > 0 ? "line " + line + ", " : locate(e.getLocation());
            throw new InvalidCyclesFileException(name + ": " + where + fieldOf(path) + reason, e);
        } catch (JsonProcessingException e) {
            throw new InvalidCyclesFileException(name + ": " + locate(e.getLocation()) + "not valid YAML: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidCyclesFileException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The line of the YAML key at the error's path. Jackson reports where it stopped reading, which for a creator
     * (records) is the end of the enclosing object, not the offending key.
     */
    private static int lineOf(String text, List<String> target) {
        if (target.isEmpty() || target.contains(null)) {
            return -1;
        }
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            Deque<String> stack = new ArrayDeque<>();
            String pending = null;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case FIELD_NAME -> {
                        pending = parser.currentName();
                        List<String> here = new ArrayList<>();
                        stack.descendingIterator().forEachRemaining(name -> {
                            if (!name.isEmpty()) {
                                here.add(name);
                            }
                        });
                        here.add(pending);
                        if (here.equals(target)) {
                            return parser.currentTokenLocation().getLineNr();
                        }
                    }
                    case START_OBJECT, START_ARRAY -> {
                        stack.push(pending == null ? "" : pending);
                        pending = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        if (!stack.isEmpty()) {
                            stack.pop();
                        }
                    }
                    default -> pending = null;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * A threshold names its own field ({@code safety_thresholds.cpu_usage.for}) below the phase: point at the deepest
     * key of it the file has.
     */
    private static InvalidCyclesFileException thresholdProblem(String name, String text, List<String> path,
                                                               ThresholdFormatException threshold, Exception cause) {
        List<String> full = new ArrayList<>(path);
        full.addAll(List.of(threshold.field().split("\\.")));
        int line = -1;
        for (int depth = full.size(); depth > path.size() && line < 0; depth--) {
            line = lineOf(text, full.subList(0, depth));
        }
        return new InvalidCyclesFileException(name + ": " + (line > 0 ? "line " + line + ", " : "") + fieldOf(full)
                + threshold.reason(), cause);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String locate(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? "" : "line " + location.getLineNr() + ", ";
    }

    private static String fieldOf(List<String> path) {
        String joined = path.stream().map(name -> name == null ? "[]" : name).collect(Collectors.joining("."));
        return joined.isEmpty() ? "" : "field '" + joined + "': ";
    }

    private static String reasonOf(JsonMappingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException) {
            return root.getMessage();
        }
        return e.getOriginalMessage().lines().findFirst().orElse("invalid value");
    }
}
