package io.stressfw.orchestrator.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try {
            CyclesFile file = YAML.readValue(in, CyclesFile.class);
            if (file == null) {
                throw new InvalidCyclesFileException(name + ": the file is empty", null);
            }
            return file;
        } catch (JsonMappingException e) {
            throw new InvalidCyclesFileException(name + ": " + locate(e.getLocation()) + fieldOf(e) + reasonOf(e), e);
        } catch (JsonProcessingException e) {
            throw new InvalidCyclesFileException(name + ": " + locate(e.getLocation()) + "not valid YAML: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidCyclesFileException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String locate(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? "" : "line " + location.getLineNr() + ", ";
    }

    private static String fieldOf(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "" : "field '" + path + "': ";
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
