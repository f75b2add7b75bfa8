package io.stressfw.deployment;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The objects one kustomization produces: the base assembled here, or any kustomization rendered by kubectl. */
record Rendering(String name, Path directory, List<HasMetadata> objects) {

    /** What an environment variable resolves to when its value comes from the pod itself. */
    static final String POD_NAME = "<metadata.name>";
    static final String NODE_NAME = "<spec.nodeName>";
    /** A value from a Secret that the operator creates outside the manifests (prod). */
    static final String EXTERNAL_SECRET = "<external secret>";

    private static List<Rendering> all;

    @Override
    public String toString() {
        return name;
    }

    /** The base assembled in Java (always), and every kustomization rendered by kubectl when it is installed. */
    static synchronized List<Rendering> all() {
        if (all == null) {
            List<Rendering> renderings = new ArrayList<>();
            renderings.add(assembledBase());
            if (Kubectl.available()) {
                renderings.addAll(renderedKustomizations());
            }
            all = List.copyOf(renderings);
        }
        return all;
    }

    static Rendering assembledBase() {
        Path base = Repository.K8S.resolve("base");
        return new Rendering("base (assembled)", base, Manifests.assemble(base));
    }

    /** Every directory under k8s/ that holds a Kustomization (not a Component), rendered by kubectl. */
    static List<Rendering> renderedKustomizations() {
        return kustomizationRoots().stream()
                .map(dir -> new Rendering("kubectl kustomize " + Repository.ROOT.relativize(dir), dir,
                        Manifests.parse(Kubectl.kustomize(dir), dir.toString())))
                .toList();
    }

    /** Directories under k8s/ whose kustomization is meant to be applied: base and the overlays. */
    static List<Path> kustomizationRoots() {
        List<Path> roots = new ArrayList<>();
        roots.add(Repository.K8S.resolve("base"));
        try (Stream<Path> overlays = Files.list(Repository.K8S.resolve("overlays"))) {
            overlays.filter(Files::isDirectory).sorted().forEach(roots::add);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return roots;
    }

    boolean isOverlay(String overlay) {
        return directory.equals(Repository.K8S.resolve("overlays").resolve(overlay));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    Optional<HasMetadata> find(String kind, String name) {
        return objects.stream()
                .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
                .findFirst();
    }

    HasMetadata get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(this + " has no " + kind + " " + name));
    }

    /** The one workload (Deployment, DaemonSet or StatefulSet) with this name. */
    HasMetadata workload(String name) {
        List<HasMetadata> workloads = objects.stream()
                .filter(o -> List.of("Deployment", "DaemonSet", "StatefulSet").contains(o.getKind()))
                .filter(o -> o.getMetadata().getName().equals(name))
                .toList();
        if (workloads.size() != 1) {
            throw new AssertionError(this + " should have exactly one workload named " + name + " but has " + workloads);
        }
        return workloads.get(0);
    }

    static Container container(HasMetadata workload, String name) {
        return Manifests.podSpec(workload).getContainers().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(Manifests.describe(workload) + " has no container " + name));
    }

    /** A container's environment with every valueFrom resolved against this rendering's ConfigMaps and Secrets. */
    Map<String, String> environment(Container container) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            environment.put(variable.getName(), resolve(variable));
        }
        return environment;
    }

    private String resolve(EnvVar variable) {
        EnvVarSource source = variable.getValueFrom();
        if (source == null) {
            return variable.getValue() == null ? "" : variable.getValue();
        }
        if (source.getConfigMapKeyRef() != null) {
            var reference = source.getConfigMapKeyRef();
            ConfigMap configMap = (ConfigMap) find("ConfigMap", reference.getName()).orElseThrow(() ->
                    new AssertionError(this + ": " + variable.getName() + " refers to a missing ConfigMap " + reference.getName()));
            String value = configMap.getData() == null ? null : configMap.getData().get(reference.getKey());
            if (value == null) {
                throw new AssertionError(this + ": ConfigMap " + reference.getName() + " has no key " + reference.getKey());
            }
            return value;
        }
        if (source.getSecretKeyRef() != null) {
            var reference = source.getSecretKeyRef();
            Optional<HasMetadata> secret = find("Secret", reference.getName());
            if (secret.isEmpty()) {
                return EXTERNAL_SECRET;
            }
            String value = secretValue((Secret) secret.get(), reference.getKey());
            if (value == null) {
                throw new AssertionError(this + ": Secret " + reference.getName() + " has no key " + reference.getKey());
            }
            return value;
        }
        if (source.getResourceFieldRef() != null) {
            return "<" + source.getResourceFieldRef().getResource() + ">";
        }
        if (source.getFieldRef() != null) {
            return switch (source.getFieldRef().getFieldPath()) {
                case "metadata.name" -> POD_NAME;
                case "spec.nodeName" -> NODE_NAME;
                default -> "<" + source.getFieldRef().getFieldPath() + ">";
            };
        }
        throw new AssertionError(this + ": unsupported valueFrom for " + variable.getName());
    }

    /** Variables other variables of the container refer to as $(NAME): Kubernetes itself expands them. */
    static Set<String> expandedByKubernetes(Container container) {
        Set<String> names = new HashSet<>();
        Pattern reference = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
        for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            if (variable.getValue() != null) {
                Matcher matcher = reference.matcher(variable.getValue());
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    static String secretValue(Secret secret, String key) {
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return secret.getStringData().get(key);
        }
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return new String(Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        return null;
    }

    /** kubectl's built-in kustomize, when kubectl is on the PATH (or at -Dstress.kubectl=PATH). */
    static final class Kubectl {
        private static final String COMMAND = System.getProperty("stress.kubectl", "kubectl");
        private static Boolean available;

        private Kubectl() {
        }

        static synchronized boolean available() {
            if (available == null) {
                try {
                    Process process = new ProcessBuilder(COMMAND, "version", "--client").redirectErrorStream(true).start();
                    process.getInputStream().readAllBytes();
                    available = process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
                } catch (IOException e) {
                    available = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    available = false;
                }
            }
            return available;
        }

        static String kustomize(Path directory) {
            try {
                Path errors = Files.createTempFile("kustomize", ".err");
                Process process = new ProcessBuilder(COMMAND, "kustomize", directory.toString())
                        .redirectError(errors.toFile()).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + directory + " did not finish");
                }
                String error = Files.readString(errors);
                Files.delete(errors);
                if (process.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + directory + " failed: " + error);
                }
                return output;
            } catch (IOException e) {
                throw new AssertionError("cannot run kubectl kustomize " + directory, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
