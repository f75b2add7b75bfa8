package io.stressfw.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml against the services' configuration and the images the build makes. */
class ComposeTest {

    @Test
    void composeFileHasTheBrokerTheTopicJobAndTheFourServices() {
        JsonNode services = Compose.file().path("services");
        assertThat(services.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder(
                "kafka", "kafka-init", "orchestrator-service", "safety-service", "metrics-service", "load-agent-service");
    }

    @ParameterizedTest
    @EnumSource(ServiceModule.class)
    void serviceIsBuiltFromItsModuleDockerfileUnderTheSharedImageName(ServiceModule module) {
        JsonNode service = Compose.service(module.artifactId());
        assertThat(service.path("image").asText()).isEqualTo(Repository.image(module));
        Path context = Repository.ROOT.resolve(service.path("build").path("context").asText()).normalize();
        assertThat(context).isEqualTo(module.directory());
        assertThat(context.resolve(service.path("build").path("dockerfile").asText())).isEqualTo(module.dockerfile()).exists();
    }

    @ParameterizedTest
    @EnumSource(ServiceModule.class)
    void environmentIsReadByTheServiceAndPointsAtTheComposeBroker(ServiceModule module) {
        ServiceConfig config = module.config();
        Map<String, String> environment = Compose.environment(Compose.service(module.artifactId()));
        assertThat(environment.keySet()).allSatisfy(name -> assertThat(
                EnvironmentCheck.isRead(module, name, Set.of()))
                .as("%s is read by %s", name, module.artifactId()).isTrue());
        assertThat(config.kafkaBootstrapServers(environment)).isEqualTo(Compose.KAFKA_BOOTSTRAP);
        assertThat(Compose.environment(Compose.service("kafka")).get("KAFKA_ADVERTISED_LISTENERS"))
                .contains("://" + Compose.KAFKA_BOOTSTRAP);
        assertThat(config.httpPort(environment)).isEqualTo(config.httpPort(Map.of()));
    }

    @ParameterizedTest
    @EnumSource(ServiceModule.class)
    void healthcheckAsksTheServiceHealthEndpointOnItsPort(ServiceModule module) {
        ServiceConfig config = module.config();
        JsonNode service = Compose.service(module.artifactId());
        List<String> test = Compose.strings(service.path("healthcheck").path("test"));
        assertThat(test).isNotEmpty();
        URI url = URI.create(test.stream().filter(s -> s.startsWith("http://")).findFirst()
                .orElseThrow(() -> new AssertionError(module.artifactId() + "'s healthcheck asks no URL: " + test)));
        assertThat(url.getPort()).isEqualTo(config.httpPort(Compose.environment(service)));
        assertThat(url.getPath()).isIn(config.readinessPath(), config.livenessPath());
    }

    @ParameterizedTest
    @EnumSource(ServiceModule.class)
    void servicesStartOnlyOnceTheTopicsExist(ServiceModule module) {
        JsonNode dependsOn = Compose.service(module.artifactId()).path("depends_on");
        assertThat(dependsOn.path("kafka-init").path("condition").asText()).isEqualTo("service_completed_successfully");
    }

    @Test
    void orchestratorPublishesPort8000WaitsForSafetyAndRunsWithoutAuthentication() {
        JsonNode orchestrator = Compose.service(ServiceModule.ORCHESTRATOR.artifactId());
        int port = ServiceModule.ORCHESTRATOR.config().httpPort(Compose.environment(orchestrator));
        assertThat(port).isEqualTo(8000);
        assertThat(Compose.strings(orchestrator.path("ports"))).as("without authentication, on the host's loopback only")
                .containsExactly("127.0.0.1:" + port + ":" + port);
        for (JsonNode service : Compose.file().path("services")) {
            assertThat(Compose.strings(service.path("ports"))).as("nothing else is published, Kafka included")
                    .allSatisfy(published -> assertThat(published).startsWith("127.0.0.1:"));
        }
        assertThat(orchestrator.path("depends_on").path(ServiceModule.SAFETY.artifactId()).path("condition").asText())
                .isEqualTo("service_healthy");
        Map<String, String> environment = Compose.environment(orchestrator);
        assertThat(environment).containsEntry("STRESS_AUTH_ENABLED", "false");
        URI safety = URI.create(environment.get("STRESS_SAFETY_URL"));
        assertThat(safety.getHost()).isEqualTo(ServiceModule.SAFETY.artifactId());
        assertThat(safety.getPort()).isEqualTo(ServiceModule.SAFETY.config().httpPort(Map.of()));
    }

    @Test
    void phasePlanAndDataDirectoriesAreVolumes() {
        JsonNode orchestrator = Compose.service(ServiceModule.ORCHESTRATOR.artifactId());
        Map<String, String> environment = Compose.environment(orchestrator);
        List<String> volumes = Compose.strings(orchestrator.path("volumes"));
        String cyclesMount = volumes.stream().filter(v -> v.split(":")[1].equals(environment.get("STRESS_CYCLES_CONFIG")))
                .findFirst().orElseThrow(() -> new AssertionError("nothing is mounted at STRESS_CYCLES_CONFIG"));
        assertThat(Repository.ROOT.resolve(cyclesMount.split(":")[0]).normalize()).isEqualTo(OrchestratorWiringTest.DEPLOYED_CYCLES);

        JsonNode declaredVolumes = Compose.file().path("volumes");
        for (ServiceModule module : List.of(ServiceModule.ORCHESTRATOR, ServiceModule.SAFETY, ServiceModule.METRICS)) {
            JsonNode service = Compose.service(module.artifactId());
            String dataDir = Compose.environment(service).get("STRESS_DATA_DIR");
            assertThat(dataDir).as("%s keeps its store under STRESS_DATA_DIR", module.artifactId()).isNotBlank();
            String volume = Compose.strings(service.path("volumes")).stream().filter(v -> v.split(":")[1].equals(dataDir))
                    .findFirst().orElseThrow(() -> new AssertionError(module.artifactId() + " mounts no volume at " + dataDir));
            assertThat(declaredVolumes.has(volume.split(":")[0])).as("named volume %s is declared", volume).isTrue();
        }
        for (JsonNode service : Compose.file().path("services")) {
            for (String mount : Compose.strings(service.path("volumes"))) {
                String source = mount.split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(Files.exists(Repository.ROOT.resolve(source))).as("bind mount source %s exists", source).isTrue();
                } else {
                    assertThat(declaredVolumes.has(source)).as("named volume %s is declared", source).isTrue();
                }
            }
        }
    }

    @Test
    void agentsScaleWithReplicasAndClaimNothingUnique() {
        JsonNode agents = Compose.service(ServiceModule.AGENT.artifactId());
        assertThat(agents.path("deploy").path("replicas").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(agents.has("container_name")).as("a fixed container name prevents scaling").isFalse();
        assertThat(agents.has("ports")).as("a published host port prevents scaling").isFalse();
        assertThat(Compose.environment(agents)).as("each replica names itself after its hostname")
                .doesNotContainKey("STRESS_INSTANCE_ID");
        assertThat(Compose.strings(agents.path("volumes"))).as("replicas must not share a scratch volume").isEmpty();
        assertThat(agents.path("deploy").path("resources").path("limits").has("cpus")).isTrue();
        assertThat(agents.path("deploy").path("resources").path("limits").has("memory")).isTrue();
    }
}
