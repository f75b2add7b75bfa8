package io.stressfw.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker-compose.yml read with Jackson YAML. */
final class Compose {
    static final String KAFKA_BOOTSTRAP = "kafka:9092";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Compose() {
    }

    static JsonNode file() {
        try {
            return YAML.readTree(Repository.read(Repository.COMPOSE_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("docker-compose.yml does not parse", e);
        }
    }

    static JsonNode service(String name) {
        JsonNode service = file().path("services").path(name);
        if (!service.isObject()) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** A service's environment, in either of compose's two forms (map, or list of NAME=value). */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode node = service.path("environment");
        if (node.isObject()) {
            node.properties().forEach(e -> environment.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                String text = item.asText();
                int equals = text.indexOf('=');
                environment.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? "" : text.substring(equals + 1));
            }
        }
        return environment;
    }

    static List<String> strings(JsonNode node) {
        List<String> strings = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> strings.add(item.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            strings.add(node.asText());
        }
        return strings;
    }
}
