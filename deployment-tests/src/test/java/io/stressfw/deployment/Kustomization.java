package io.stressfw.deployment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A kustomization.yaml (kustomize's own format, not a Kubernetes object). Unknown fields fail the parse, so a field
 * this model does not know is a field these tests do not check yet.
 */
@JsonIgnoreProperties(value = {"apiVersion", "kind"})
record Kustomization(
        String namespace,
        List<Label> labels,
        List<String> resources,
        List<String> components,
        List<Patch> patches,
        List<Generator> configMapGenerator,
        List<Generator> secretGenerator,
        List<Replica> replicas,
        List<Image> images) {

    static final String FILE_NAME = "kustomization.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    Kustomization {
        labels = orEmpty(labels);
        resources = orEmpty(resources);
        components = orEmpty(components);
        patches = orEmpty(patches);
        configMapGenerator = orEmpty(configMapGenerator);
        secretGenerator = orEmpty(secretGenerator);
        replicas = orEmpty(replicas);
        images = orEmpty(images);
    }

    static Kustomization read(Path directory) {
        try {
            return YAML.readValue(Files.readString(directory.resolve(FILE_NAME)), Kustomization.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + directory.resolve(FILE_NAME), e);
        }
    }

    /** The kind field: Kustomization, or Component for a reusable part. */
    static String kindOf(Path directory) {
        try {
            return YAML.readTree(Files.readString(directory.resolve(FILE_NAME))).path("kind").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Label(Map<String, String> pairs, Boolean includeSelectors, Boolean includeTemplates) {
    }

    record Patch(String path, String patch, Target target) {
    }

    record Target(String group, String version, String kind, String name, String namespace, String labelSelector) {
    }

    record Generator(String name, String behavior, List<String> files, List<String> literals, List<String> envs,
                     GeneratorOptions options) {
        Generator {
            files = orEmpty(files);
            literals = orEmpty(literals);
            envs = orEmpty(envs);
        }
    }

    record GeneratorOptions(Boolean disableNameSuffixHash, Map<String, String> labels, Map<String, String> annotations) {
    }

    record Replica(String name, int count) {
    }

    record Image(String name, String newName, String newTag, String digest) {
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
