package io.stressfw.deployment;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Kubernetes manifests read into the fabric8 object model. */
final class Manifests {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** Every document of a (multi-document) YAML text as typed objects; unknown kinds become generic resources. */
    static List<HasMetadata> parse(String yaml, String origin) {
        Object parsed;
        try {
            parsed = SERIALIZATION.unmarshal(yaml);
        } catch (RuntimeException e) {
            throw new AssertionError(origin + " does not parse as Kubernetes objects: " + e.getMessage(), e);
        }
        List<HasMetadata> objects = new ArrayList<>();
        if (parsed instanceof List<?> list) {
            for (Object item : list) {
                objects.add(asObject(item, origin));
            }
        } else if (parsed != null) {
            objects.add(asObject(parsed, origin));
        }
        return objects;
    }

    static List<HasMetadata> parse(Path file) {
        return parse(Repository.read(file), Repository.ROOT.relativize(file).toString());
    }

    private static HasMetadata asObject(Object item, String origin) {
        if (item instanceof HasMetadata object) {
            return object;
        }
        throw new AssertionError(origin + " holds a document that is not a Kubernetes object: " + item);
    }

    /**
     * The base as kustomize would assemble it, minus name hashes: its resources (recursively), its generated
     * ConfigMaps and Secrets, the namespace and the replica counts. Patches are not applied; overlays are rendered
     * by kubectl when it is installed ({@link Rendering#all()}).
     */
    static List<HasMetadata> assemble(Path kustomizationDirectory) {
        Kustomization kustomization = Kustomization.read(kustomizationDirectory);
        List<HasMetadata> objects = new ArrayList<>();
        for (String resource : kustomization.resources()) {
            Path path = kustomizationDirectory.resolve(resource).normalize();
            objects.addAll(Files.isDirectory(path) ? assemble(path) : parse(path));
        }
        for (Kustomization.Generator generator : kustomization.configMapGenerator()) {
            objects.add(new ConfigMapBuilder().withNewMetadata().withName(generator.name()).endMetadata()
                    .withData(generatedData(kustomizationDirectory, generator)).build());
        }
        for (Kustomization.Generator generator : kustomization.secretGenerator()) {
            objects.add(new SecretBuilder().withNewMetadata().withName(generator.name()).endMetadata()
                    .withStringData(generatedData(kustomizationDirectory, generator)).build());
        }
        for (Kustomization.Replica replica : kustomization.replicas()) {
            objects.stream().filter(o -> o instanceof Deployment && o.getMetadata().getName().equals(replica.name()))
                    .forEach(o -> ((Deployment) o).getSpec().setReplicas(replica.count()));
        }
        if (kustomization.namespace() != null) {
            objects.stream().filter(o -> !isClusterScoped(o))
                    .forEach(o -> o.getMetadata().setNamespace(kustomization.namespace()));
        }
        return objects;
    }

    static Map<String, String> generatedData(Path directory, Kustomization.Generator generator) {
        Map<String, String> data = new LinkedHashMap<>();
        for (String literal : generator.literals()) {
            int equals = literal.indexOf('=');
            data.put(literal.substring(0, equals), literal.substring(equals + 1));
        }
        for (String file : generator.files()) {
            Path path = directory.resolve(file);
            data.put(path.getFileName().toString(), Repository.read(path));
        }
        return data;
    }

    static boolean isClusterScoped(HasMetadata object) {
        return List.of("Namespace", "PriorityClass", "ClusterRole", "ClusterRoleBinding", "StorageClass")
                .contains(object.getKind());
    }

    /** The pod template of a workload (Deployment, DaemonSet, StatefulSet, Job). */
    static PodTemplateSpec podTemplate(HasMetadata workload) {
        if (workload instanceof Deployment deployment) {
            return deployment.getSpec().getTemplate();
        }
        if (workload instanceof DaemonSet daemonSet) {
            return daemonSet.getSpec().getTemplate();
        }
        if (workload instanceof StatefulSet statefulSet) {
            return statefulSet.getSpec().getTemplate();
        }
        if (workload instanceof Job job) {
            return job.getSpec().getTemplate();
        }
        throw new AssertionError(workload.getKind() + " " + workload.getMetadata().getName() + " is not a workload");
    }

    static PodSpec podSpec(HasMetadata workload) {
        return podTemplate(workload).getSpec();
    }

    static String describe(KubernetesResource object) {
        return object instanceof HasMetadata m ? m.getKind() + "/" + m.getMetadata().getName() : String.valueOf(object);
    }
}
