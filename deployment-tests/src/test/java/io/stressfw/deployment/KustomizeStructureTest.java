package io.stressfw.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kustomize tree resolved here (no kustomize needed): every path a kustomization names exists, every manifest
 * file is used and parses into the fabric8 model without unknown fields, every patch hits something.
 */
class KustomizeStructureTest {

    static List<Path> kustomizationDirectories() {
        return Repository.filesUnder(Repository.K8S, Kustomization.FILE_NAME).stream().map(Path::getParent).toList();
    }

    /** Every YAML file under k8s/ that holds Kubernetes objects (or patches of them). */
    static List<Path> manifestFiles() {
        return Repository.filesUnder(Repository.K8S, ".yaml").stream()
                .filter(f -> !f.getFileName().toString().equals(Kustomization.FILE_NAME))
                .filter(f -> !f.equals(OrchestratorWiringTest.DEPLOYED_CYCLES))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifestFiles")
    void manifestParsesIntoTheKubernetesModelWithoutUnknownFields(Path file) {
        List<HasMetadata> objects = Manifests.parse(file);
        assertThat(objects).as("%s holds objects", file).isNotEmpty();
        for (HasMetadata object : objects) {
            assertThat(object.getApiVersion()).as("apiVersion in %s", file).isNotBlank();
            assertThat(object.getMetadata().getName()).as("metadata.name in %s", file).isNotBlank();
            assertThat(UnknownFields.of(object)).as("fields the Kubernetes model does not know in %s", file).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizationDirectories")
    void everyPathAKustomizationNamesExists(Path directory) {
        Kustomization kustomization = Kustomization.read(directory);
        for (String resource : kustomization.resources()) {
            Path path = directory.resolve(resource).normalize();
            assertThat(path).as("resource %s of %s", resource, directory).exists();
            if (Files.isDirectory(path)) {
                assertThat(Kustomization.kindOf(path)).as("%s is a kustomization", path).isEqualTo("Kustomization");
            }
        }
        for (String component : kustomization.components()) {
            Path path = directory.resolve(component).normalize();
            assertThat(path.resolve(Kustomization.FILE_NAME)).exists();
            assertThat(Kustomization.kindOf(path)).as("%s is a component", path).isEqualTo("Component");
        }
        for (Kustomization.Patch patch : kustomization.patches()) {
            assertThat(patch.path() != null ^ patch.patch() != null).as("a patch is a file or inline: %s", patch).isTrue();
            if (patch.path() != null) {
                assertThat(directory.resolve(patch.path())).exists();
                assertThat(directory.resolve(patch.path()).normalize()).as("kustomize only loads files under its root")
                        .startsWith(directory);
            }
        }
        List<Kustomization.Generator> generators = new ArrayList<>(kustomization.configMapGenerator());
        generators.addAll(kustomization.secretGenerator());
        for (Kustomization.Generator generator : generators) {
            for (String file : generator.files()) {
                assertThat(directory.resolve(file)).exists();
                assertThat(directory.resolve(file).normalize()).startsWith(directory);
            }
            assertThat(generator.envs()).allSatisfy(env -> assertThat(directory.resolve(env)).exists());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizationDirectories")
    void everyPatchTargetsAnObjectTheKustomizationSees(Path directory) {
        Kustomization kustomization = Kustomization.read(directory);
        Set<String> visible = visibleObjects(directory);
        if (Kustomization.kindOf(directory).equals("Component")) {
            for (Path parent : kustomizationDirectories()) {
                if (Kustomization.read(parent).components().stream().anyMatch(c -> parent.resolve(c).normalize().equals(directory))) {
                    visible.addAll(visibleObjects(parent));
                }
            }
        }
        for (Kustomization.Patch patch : kustomization.patches()) {
            List<String> targets = new ArrayList<>();
            if (patch.target() != null) {
                targets.add(patch.target().kind() + "/" + patch.target().name());
            } else {
                Manifests.parse(directory.resolve(patch.path())).forEach(o -> targets.add(o.getKind() + "/" + o.getMetadata().getName()));
            }
            assertThat(visible).as("objects %s patches", directory).containsAll(targets);
        }
        for (Kustomization.Replica replica : kustomization.replicas()) {
            assertThat(visible).contains("Deployment/" + replica.name());
        }
    }

    @Test
    void everyManifestFileIsUsedByAKustomization() {
        Set<Path> used = new HashSet<>();
        for (Path directory : kustomizationDirectories()) {
            Kustomization kustomization = Kustomization.read(directory);
            kustomization.resources().forEach(r -> used.add(directory.resolve(r).normalize()));
            kustomization.patches().stream().filter(p -> p.path() != null).forEach(p -> used.add(directory.resolve(p.path()).normalize()));
        }
        assertThat(manifestFiles()).allSatisfy(file -> assertThat(used).as("kustomizations use %s", file).contains(file));
    }

    @Test
    void baseAndOverlaysAreKustomizationsAndTheDaemonSetVariantIsAComponent() {
        assertThat(Rendering.kustomizationRoots()).extracting(p -> Repository.K8S.relativize(p).toString().replace('\\', '/'))
                .contains("base", "overlays/dev", "overlays/prod", "overlays/agents-per-node", "overlays/strimzi");
        assertThat(Kustomization.kindOf(Repository.K8S.resolve("components/agents-daemonset"))).isEqualTo("Component");
        assertThat(Kustomization.read(Repository.K8S.resolve("overlays/agents-per-node")).components())
                .contains("../../components/agents-daemonset");
    }

    @Test
    void everyKustomizationRendersWithKubectl() {
        assumeTrue(Rendering.Kubectl.available(), "kubectl is not installed: overlays are checked for structure only");
        assertThat(Rendering.renderedKustomizations()).hasSize(Rendering.kustomizationRoots().size())
                .allSatisfy(rendering -> assertThat(rendering.objects()).isNotEmpty());
    }

    @Test
    void everyAppliedKustomizationSetsTheNamespaceItself() {
        String namespace = Kustomization.read(Repository.K8S.resolve("base")).namespace();
        assertThat(namespace).isNotBlank();
        assertThat(Rendering.kustomizationRoots()).allSatisfy(root -> assertThat(Kustomization.read(root).namespace())
                .as("%s: objects an overlay or component adds keep no namespace from the base", root).isEqualTo(namespace));
    }

    /** kind/name of every object a kustomization's resources and components bring (recursively, before patches). */
    static Set<String> visibleObjects(Path directory) {
        Set<String> names = new HashSet<>();
        Kustomization kustomization = Kustomization.read(directory);
        List<String> sources = new ArrayList<>(kustomization.resources());
        sources.addAll(kustomization.components());
        for (String source : sources) {
            Path path = directory.resolve(source).normalize();
            if (Files.isDirectory(path)) {
                names.addAll(visibleObjects(path));
            } else {
                Manifests.parse(path).forEach(o -> names.add(o.getKind() + "/" + o.getMetadata().getName()));
            }
        }
        kustomization.configMapGenerator().forEach(g -> names.add("ConfigMap/" + g.name()));
        kustomization.secretGenerator().forEach(g -> names.add("Secret/" + g.name()));
        return names;
    }
}
