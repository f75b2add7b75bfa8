package io.stressfw.deployment;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every name a pod refers to exists in the same rendering: kustomize renames generated ConfigMaps and Secrets only
 * where it can see the reference, and a dangling name leaves a pod stuck in ContainerCreating.
 */
class ReferencesTest {
    /**
     * The objects the operator creates by hand (prod has no default key or password); the README says how. With
     * Strimzi the services' Kafka Secrets come from their KafkaUser instead.
     */
    static final java.util.Set<String> EXTERNAL_SECRETS = java.util.Set.of("stressfw-api-keys", "stressfw-kafka-admin",
            "stressfw-orchestrator", "stressfw-safety", "stressfw-metrics", "stressfw-agent");

    static List<Rendering> renderings() {
        return Rendering.all();
    }

    static List<HasMetadata> workloads(Rendering rendering) {
        return rendering.objects().stream()
                .filter(o -> List.of("Deployment", "DaemonSet", "StatefulSet", "Job").contains(o.getKind()))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyConfigMapSecretClaimAndPriorityClassAPodNamesExists(Rendering rendering) {
        for (HasMetadata workload : workloads(rendering)) {
            PodSpec pod = Manifests.podSpec(workload);
            String owner = Manifests.describe(workload);
            for (Volume volume : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
                if (volume.getConfigMap() != null) {
                    assertThat(rendering.find("ConfigMap", volume.getConfigMap().getName())).as("%s volume %s", owner, volume.getName()).isPresent();
                }
                if (volume.getSecret() != null) {
                    assertSecret(rendering, volume.getSecret().getSecretName(), owner);
                }
                if (volume.getPersistentVolumeClaim() != null) {
                    assertThat(rendering.find("PersistentVolumeClaim", volume.getPersistentVolumeClaim().getClaimName()))
                            .as("%s claim", owner).isPresent();
                }
            }
            for (Container container : containers(pod)) {
                for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                    if (variable.getValueFrom() != null && variable.getValueFrom().getConfigMapKeyRef() != null) {
                        assertThat(rendering.find("ConfigMap", variable.getValueFrom().getConfigMapKeyRef().getName()))
                                .as("%s %s", owner, variable.getName()).isPresent();
                    }
                    if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                        assertSecret(rendering, variable.getValueFrom().getSecretKeyRef().getName(), owner);
                    }
                }
            }
            if (pod.getPriorityClassName() != null) {
                assertThat(rendering.find("PriorityClass", pod.getPriorityClassName())).as("%s priority class", owner).isPresent();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyImageIsAServiceImageOrTheKafkaImage(Rendering rendering) {
        List<String> allowed = new ArrayList<>(Stream.of(ServiceModule.values()).map(Repository::image).toList());
        allowed.add(KafkaTopicsTest.kafkaImage());
        for (HasMetadata workload : workloads(rendering)) {
            assertThat(containers(Manifests.podSpec(workload))).extracting(Container::getImage)
                    .as("images of %s", Manifests.describe(workload)).allSatisfy(image -> assertThat(allowed).contains(image));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void namespacedObjectsLiveInTheStressfwNamespace(Rendering rendering) {
        assertThat(rendering.find("Namespace", "stressfw")).isPresent();
        rendering.objects().stream().filter(o -> !Manifests.isClusterScoped(o))
                .forEach(o -> assertThat(o.getMetadata().getNamespace()).as(Manifests.describe(o)).isEqualTo("stressfw"));
    }

    static void assertSecret(Rendering rendering, String name, String owner) {
        if (rendering.find("Secret", name).isEmpty() && rendering.find("KafkaUser", name).isEmpty()) {
            assertThat(EXTERNAL_SECRETS).as("%s refers to Secret %s, which this deployment does not create", owner, name)
                    .contains(name);
            assertThat(Repository.read(Repository.path("deploy/README.md"))).contains("create secret generic " + name);
        }
    }

    static List<Container> containers(PodSpec pod) {
        List<Container> containers = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            containers.addAll(pod.getInitContainers());
        }
        return containers;
    }
}
