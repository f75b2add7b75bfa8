package io.stressfw.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The agents' replica count is one knob, and the one-per-node variant runs the very same pod. */
class AgentScalingTest {
    static final String AGENT = ServiceModule.AGENT.artifactId();

    /** The kustomizations that set the agents' replica count. */
    static List<Path> knobs() {
        return KustomizeStructureTest.kustomizationDirectories().stream()
                .filter(d -> Kustomization.read(d).replicas().stream().anyMatch(r -> r.name().equals(AGENT)))
                .toList();
    }

    static int knob() {
        return Kustomization.read(Repository.K8S.resolve("base")).replicas().stream()
                .filter(r -> r.name().equals(AGENT)).findFirst().orElseThrow().count();
    }

    static List<Rendering> renderings() {
        return Rendering.all();
    }

    @Test
    void replicaCountIsSetOnceInTheBaseKustomization() {
        assertThat(knobs()).containsExactly(Repository.K8S.resolve("base"));
        assertThat(knob()).isPositive();
        Deployment manifest = (Deployment) Manifests.parse(Repository.K8S.resolve("base/load-agent.yaml")).stream()
                .filter(o -> o instanceof Deployment).findFirst().orElseThrow();
        assertThat(manifest.getSpec().getReplicas()).as("the Deployment leaves the count to the kustomization").isNull();
    }

    @Test
    void noPatchChangesTheAgentsReplicaCount() {
        for (Path directory : KustomizeStructureTest.kustomizationDirectories()) {
            for (Kustomization.Patch patch : Kustomization.read(directory).patches()) {
                String text = patch.patch() != null ? patch.patch() : Repository.read(directory.resolve(patch.path()));
                assertThat(text).as("patch in %s", directory).doesNotContain("replicas");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void renderedAgentsRunTheKnobsCountOrOnePerNode(Rendering rendering) {
        HasMetadata agents = rendering.workload(AGENT);
        if (agents instanceof Deployment deployment) {
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(knob());
        } else {
            assertThat(agents).isInstanceOf(DaemonSet.class);
        }
    }

    @Test
    void daemonSetVariantRunsTheSamePodAsTheDeployment() {
        Deployment deployment = (Deployment) Manifests.parse(Repository.K8S.resolve("base/load-agent.yaml")).stream()
                .filter(o -> o instanceof Deployment).findFirst().orElseThrow();
        DaemonSet daemonSet = (DaemonSet) Manifests.parse(Repository.K8S.resolve("components/agents-daemonset/load-agent-daemonset.yaml"))
                .get(0);
        assertThat(daemonSet.getMetadata()).isEqualTo(deployment.getMetadata());
        assertThat(daemonSet.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector());
        PodTemplateSpec fromDeployment = Manifests.SERIALIZATION.clone(deployment.getSpec().getTemplate());
        PodSpec spec = fromDeployment.getSpec();
        assertThat(spec.getTopologySpreadConstraints()).as("the Deployment spreads its replicas over nodes").isNotEmpty();
        spec.setTopologySpreadConstraints(null);
        PodTemplateSpec fromDaemonSet = Manifests.SERIALIZATION.clone(daemonSet.getSpec().getTemplate());
        fromDaemonSet.getSpec().setTopologySpreadConstraints(null);
        assertThat(fromDaemonSet).isEqualTo(fromDeployment);
    }
}
