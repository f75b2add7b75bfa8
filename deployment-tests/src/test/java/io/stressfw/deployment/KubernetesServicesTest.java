package io.stressfw.deployment;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Each service's Kubernetes workload against the service's own configuration, in the base and every overlay. */
class KubernetesServicesTest {

    static Stream<Arguments> servicesInEveryRendering() {
        return Rendering.all().stream()
                .flatMap(rendering -> Stream.of(ServiceModule.values()).map(module -> Arguments.of(rendering, module)));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("servicesInEveryRendering")
    void workloadRunsTheModuleImageUnderTheExpectedKind(Rendering rendering, ServiceModule module) {
        HasMetadata workload = rendering.workload(module.artifactId());
        String expectedKind = module == ServiceModule.AGENT && rendering.isOverlay("agents-per-node")
                ? "DaemonSet" : module.workloadKind();
        assertThat(workload.getKind()).isEqualTo(expectedKind);
        assertThat(Rendering.container(workload, module.artifactId()).getImage()).isEqualTo(Repository.image(module));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("servicesInEveryRendering")
    void everyEnvironmentVariableIsOneTheServiceReads(Rendering rendering, ServiceModule module) {
        Map<String, String> environment = environment(rendering, module);
        Set<String> expanded = Rendering.expandedByKubernetes(
                Rendering.container(rendering.workload(module.artifactId()), module.artifactId()));
        assertThat(environment.keySet())
                .allSatisfy(name -> assertThat(EnvironmentCheck.isRead(module, name, expanded))
                        .as("%s is read by %s (its properties or config mappings) or its image", name, module.artifactId()).isTrue());
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("servicesInEveryRendering")
    void containerPortServiceAndScrapeAnnotationsUseTheConfiguredHttpPort(Rendering rendering, ServiceModule module) {
        ServiceConfig config = module.config();
        HasMetadata workload = rendering.workload(module.artifactId());
        Container container = Rendering.container(workload, module.artifactId());
        int port = config.httpPort(environment(rendering, module));
        assertThat(port).isEqualTo(config.httpPort(Map.of()));

        assertThat(namedPort(container, "http").getContainerPort()).isEqualTo(port);

        PodTemplateSpec template = Manifests.podTemplate(workload);
        assertThat(template.getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(port))
                .containsEntry("prometheus.io/path", config.prometheusPath());

        Service service = (Service) rendering.get("Service", module.artifactId());
        assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        ServicePort http = service.getSpec().getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("Service " + module.artifactId() + " has no port named http"));
        assertThat(http.getPort()).isEqualTo(port);
        assertThat(targets(http.getTargetPort(), container)).isEqualTo(port);
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("servicesInEveryRendering")
    void probesUseTheServiceHealthEndpoints(Rendering rendering, ServiceModule module) {
        ServiceConfig config = module.config();
        Container container = Rendering.container(rendering.workload(module.artifactId()), module.artifactId());
        int port = config.httpPort(environment(rendering, module));

        assertProbe(container.getLivenessProbe(), config.livenessPath(), port, container);
        assertProbe(container.getReadinessProbe(), config.readinessPath(), port, container);
        if (container.getStartupProbe() != null) {
            assertProbe(container.getStartupProbe(), config.livenessPath(), port, container);
        }
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("servicesInEveryRendering")
    void kafkaBootstrapAddressIsTheBrokerOfThisDeployment(Rendering rendering, ServiceModule module) {
        Map<String, String> environment = environment(rendering, module);
        assertThat(environment).containsKey("KAFKA_BOOTSTRAP_SERVERS");
        String bootstrap = module.config().kafkaBootstrapServers(environment);
        assertThat(bootstrap).isEqualTo(environment.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertKafkaServes(rendering, bootstrap);
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("servicesInEveryRendering")
    void containersHaveRequestsAndLimitsAndRunAsNonRoot(Rendering rendering, ServiceModule module) {
        HasMetadata workload = rendering.workload(module.artifactId());
        Container container = Rendering.container(workload, module.artifactId());
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        assertThat(requests).containsKeys("cpu", "memory");
        assertThat(limits).containsKeys("cpu", "memory");
        assertThat(Quantity.getAmountInBytes(limits.get("memory")))
                .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("memory")));
        assertThat(Quantity.getAmountInBytes(limits.get("cpu")))
                .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("cpu")));

        PodSecurityContext pod = Manifests.podSpec(workload).getSecurityContext();
        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getRunAsUser()).isNotNull().isNotZero();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("servicesInEveryRendering")
    void dataDirectoryIsAMountedVolume(Rendering rendering, ServiceModule module) {
        Map<String, String> environment = environment(rendering, module);
        String dataDir = environment.get("STRESS_DATA_DIR");
        if (module != ServiceModule.AGENT) {
            assertThat(dataDir).as("%s keeps its store under STRESS_DATA_DIR", module.artifactId()).isNotBlank();
        }
        if (dataDir != null) {
            HasMetadata workload = rendering.workload(module.artifactId());
            VolumeMount mount = mountAt(Rendering.container(workload, module.artifactId()), dataDir);
            Volume volume = volume(workload, mount.getName());
            if (module == ServiceModule.ORCHESTRATOR || module == ServiceModule.SAFETY) {
                assertThat(volume.getPersistentVolumeClaim()).as("cycle history and run-time rules survive a rescheduled pod")
                        .isNotNull();
                assertThat(rendering.find("PersistentVolumeClaim", volume.getPersistentVolumeClaim().getClaimName())).isPresent();
            }
            if (module == ServiceModule.METRICS) {
                assertThat(volume.getHostPath()).as("the node's store survives a restarted pod").isNotNull();
                long user = Manifests.podSpec(workload).getSecurityContext().getRunAsUser();
                assertThat(Manifests.podSpec(workload).getInitContainers())
                        .as("kubelet creates hostPath directories for root: an init container hands it to the service")
                        .anySatisfy(init -> {
                            assertThat(init.getCommand()).containsExactly("chown", user + ":" + user, dataDir);
                            assertThat(init.getVolumeMounts()).anySatisfy(m -> {
                                assertThat(m.getName()).isEqualTo(volume.getName());
                                assertThat(m.getMountPath()).isEqualTo(dataDir);
                            });
                        });
            }
        }
    }

    static Map<String, String> environment(Rendering rendering, ServiceModule module) {
        return rendering.environment(Rendering.container(rendering.workload(module.artifactId()), module.artifactId()));
    }

    static void assertKafkaServes(Rendering rendering, String bootstrap) {
        String host = bootstrap.substring(0, bootstrap.lastIndexOf(':'));
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        List<GenericKubernetesResource> strimzi = rendering.objects().stream()
                .filter(o -> o instanceof GenericKubernetesResource && o.getKind().equals("Kafka")
                        && o.getApiVersion().startsWith("kafka.strimzi.io/"))
                .map(GenericKubernetesResource.class::cast).toList();
        if (!strimzi.isEmpty()) {
            assertThat(strimzi).hasSize(1);
            GenericKubernetesResource kafka = strimzi.get(0);
            assertThat(host).isEqualTo(kafka.getMetadata().getName() + "-kafka-bootstrap");
            List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
            assertThat(listeners).anySatisfy(listener -> {
                assertThat(listener.get("port")).isEqualTo(port);
                assertThat(listener.get("tls")).isEqualTo(false);
            });
            return;
        }
        Service service = (Service) rendering.get("Service", host);
        assertThat(service.getSpec().getPorts()).anySatisfy(p -> assertThat(p.getPort()).isEqualTo(port));
        StatefulSet broker = rendering.all(StatefulSet.class).stream()
                .filter(s -> s.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                        .containsAll(service.getSpec().getSelector().entrySet()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Service " + host + " selects no StatefulSet"));
        Map<String, String> brokerEnvironment = rendering.environment(broker.getSpec().getTemplate().getSpec().getContainers().get(0));
        assertThat(brokerEnvironment.get("KAFKA_ADVERTISED_LISTENERS")).contains("://" + bootstrap);
    }

    static void assertProbe(Probe probe, String path, int port, Container container) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet()).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(targets(probe.getHttpGet().getPort(), container)).isEqualTo(port);
    }

    /** The container port an IntOrString names (a number, or the name of one of the container's ports). */
    static int targets(IntOrString port, Container container) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return namedPort(container, port.getStrVal()).getContainerPort();
    }

    static ContainerPort namedPort(Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + name));
    }

    static VolumeMount mountAt(Container container, String path) {
        return container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " mounts nothing at " + path));
    }

    static Volume volume(HasMetadata workload, String name) {
        return Manifests.podSpec(workload).getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(Manifests.describe(workload) + " has no volume " + name));
    }
}
