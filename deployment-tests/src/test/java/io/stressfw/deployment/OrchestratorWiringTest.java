package io.stressfw.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The orchestrator's phase plan, safety link and authentication, and the agents' and metrics' identities. */
class OrchestratorWiringTest {
    static final Path SERVICE_CYCLES = Repository.path("orchestrator-service/src/main/resources/stress_cycles.yaml");
    static final Path DEPLOYED_CYCLES = Repository.K8S.resolve("base/stress_cycles.yaml");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** orchestrator-service's ApiKeys: a bearer token of 16 or more characters, '=', a role. */
    static final String API_KEY_ENTRY = "[A-Za-z0-9._~+/-]{16,}=*=(viewer|operator|admin)";

    static List<Rendering> renderings() {
        return Rendering.all();
    }

    @Test
    void deployedPhasePlanIsTheServicesDefault() throws Exception {
        JsonNode deployed = YAML.readTree(Repository.read(DEPLOYED_CYCLES));
        JsonNode bundled = YAML.readTree(Repository.read(SERVICE_CYCLES));
        // The seed's form: a list of phases.
        assertThat(deployed.path("phases").isArray()).as("k8s/base/stress_cycles.yaml has a list of phases").isTrue();
        assertThat(deployed.path("phases")).as("k8s/base/stress_cycles.yaml has phases").isNotEmpty();
        assertThat(deployed).as("k8s/base/stress_cycles.yaml is a copy of the orchestrator's default plan").isEqualTo(bundled);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void cyclesConfigPointsAtTheMountedConfigMap(Rendering rendering) {
        HasMetadata workload = rendering.workload(ServiceModule.ORCHESTRATOR.artifactId());
        Container container = Rendering.container(workload, ServiceModule.ORCHESTRATOR.artifactId());
        Path file = Path.of(rendering.environment(container).get("STRESS_CYCLES_CONFIG"));
        VolumeMount mount = KubernetesServicesTest.mountAt(container, file.getParent().toString());
        Volume volume = KubernetesServicesTest.volume(workload, mount.getName());
        assertThat(volume.getConfigMap()).isNotNull();
        ConfigMap configMap = (ConfigMap) rendering.get("ConfigMap", volume.getConfigMap().getName());
        assertThat(configMap.getData()).containsEntry(file.getFileName().toString(), Repository.read(DEPLOYED_CYCLES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void safetyUrlIsTheSafetyService(Rendering rendering) {
        URI url = URI.create(KubernetesServicesTest.environment(rendering, ServiceModule.ORCHESTRATOR).get("STRESS_SAFETY_URL"));
        Service safety = (Service) rendering.get("Service", url.getHost());
        assertThat(safety.getMetadata().getName()).isEqualTo(ServiceModule.SAFETY.artifactId());
        assertThat(url.getPort()).isEqualTo(ServiceModule.SAFETY.config().httpPort(Map.of()));
        assertThat(safety.getSpec().getPorts()).anySatisfy(p -> assertThat(p.getPort()).isEqualTo(url.getPort()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void controlApiRequiresApiKeysFromASecret(Rendering rendering) {
        Container container = Rendering.container(rendering.workload(ServiceModule.ORCHESTRATOR.artifactId()),
                ServiceModule.ORCHESTRATOR.artifactId());
        Map<String, String> environment = rendering.environment(container);
        assertThat(environment).containsEntry("STRESS_AUTH_ENABLED", "true");
        EnvVar keys = container.getEnv().stream().filter(e -> e.getName().equals("STRESS_AUTH_API_KEYS")).findFirst()
                .orElseThrow(() -> new AssertionError("the orchestrator gets no STRESS_AUTH_API_KEYS"));
        assertThat(keys.getValue()).as("API keys never sit in a manifest in clear").isNull();
        assertThat(keys.getValueFrom().getSecretKeyRef()).isNotNull();
        if (rendering.isOverlay("dev")) {
            String apiKeys = environment.get("STRESS_AUTH_API_KEYS");
            assertThat(apiKeys).as("dev generates its Secret").isNotEqualTo(Rendering.EXTERNAL_SECRET);
            assertThat(apiKeys.split(",")).as("the orchestrator's key=role format (ApiKeys)")
                    .allSatisfy(entry -> assertThat(entry).matches(API_KEY_ENTRY))
                    .anySatisfy(entry -> assertThat(entry).endsWith("=admin"));
        }
        if (rendering.isOverlay("prod")) {
            assertThat(environment.get("STRESS_AUTH_API_KEYS")).as("prod ships no default key")
                    .isEqualTo(Rendering.EXTERNAL_SECRET);
            assertThat(Repository.read(Repository.path("deploy/README.md")))
                    .contains("create secret generic " + keys.getValueFrom().getSecretKeyRef().getName());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void agentsAreNamedAfterTheirPodAndMetricsAfterTheirNode(Rendering rendering) {
        assertThat(KubernetesServicesTest.environment(rendering, ServiceModule.AGENT))
                .containsEntry("STRESS_INSTANCE_ID", Rendering.POD_NAME);
        assertThat(KubernetesServicesTest.environment(rendering, ServiceModule.METRICS))
                .containsEntry("STRESS_INSTANCE_ID", Rendering.NODE_NAME);
    }
}
