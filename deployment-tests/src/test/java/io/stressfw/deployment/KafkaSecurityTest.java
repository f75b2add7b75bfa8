package io.stressfw.deployment;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.stressfw.kafka.ServicePrincipal;
import io.stressfw.model.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, hole 2: Kafka is the control plane, and no manifest had any access control on it. Every Kubernetes
 * rendering must authenticate every service to Kafka as its own principal, refuse to start without that
 * (STRESS_REQUIRE_KAFKA_AUTH), and grant exactly kafka-broker's ServicePrincipal table: as kafka-acls lines for the
 * plain broker (grant-access.sh), as KafkaUser ACLs for Strimzi.
 */
class KafkaSecurityTest {
    /** The plain broker's settings that differ from compose's open broker because of authentication. */
    static final Set<String> SECURED_BROKER_SETTINGS = Set.of("STRESSFW_KAFKA_ADMIN_PASSWORD", "KAFKA_LISTENERS",
            "KAFKA_ADVERTISED_LISTENERS", "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "KAFKA_INTER_BROKER_LISTENER_NAME",
            "KAFKA_SASL_ENABLED_MECHANISMS", "KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL",
            "KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL", "KAFKA_LISTENER_NAME_CONTROLLER_SASL_ENABLED_MECHANISMS",
            "KAFKA_LISTENER_NAME_CONTROLLER_PLAIN_SASL_JAAS_CONFIG", "KAFKA_LISTENER_NAME_CLIENT_PLAIN_SASL_JAAS_CONFIG",
            "KAFKA_LISTENER_NAME_CLIENT_SCRAM___SHA___512_SASL_JAAS_CONFIG", "KAFKA_AUTHORIZER_CLASS_NAME",
            "KAFKA_SUPER_USERS", "KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND");
    private static final Pattern GRANT = Pattern.compile("(?m)^(produce|consume|group) (\\S+) (\\S+)\\s*$");
    private static final Pattern USER = Pattern.compile("(?m)^user (\\S+) ");
    private static final Map<ServiceModule, ServicePrincipal> PRINCIPALS = Map.of(
            ServiceModule.ORCHESTRATOR, ServicePrincipal.ORCHESTRATOR, ServiceModule.SAFETY, ServicePrincipal.SAFETY,
            ServiceModule.METRICS, ServicePrincipal.METRICS, ServiceModule.AGENT, ServicePrincipal.AGENT);

    static Stream<Arguments> servicesInEveryRendering() {
        return KubernetesServicesTest.servicesInEveryRendering();
    }

    static List<Rendering> renderings() {
        return Rendering.all();
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("servicesInEveryRendering")
    void everyServiceAuthenticatesToKafkaAsItsOwnPrincipalAndRefusesToStartOtherwise(Rendering rendering, ServiceModule module) {
        Container container = Rendering.container(rendering.workload(module.artifactId()), module.artifactId());
        Map<String, String> environment = rendering.environment(container);
        assertThat(environment).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("STRESS_REQUIRE_KAFKA_AUTH", "true");
        EnvVar jaas = container.getEnv().stream().filter(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG")).findFirst()
                .orElseThrow(() -> new AssertionError(module.artifactId() + " has no KAFKA_SASL_JAAS_CONFIG"));
        assertThat(jaas.getValue()).as("credentials never sit in a manifest in clear").isNull();
        String secret = jaas.getValueFrom().getSecretKeyRef().getName();
        assertThat(secret).as("the Secret is named after the principal, as Strimzi names a KafkaUser's")
                .isEqualTo(PRINCIPALS.get(module).user());
        assertThat(jaas.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sasl.jaas.config");
        String resolved = environment.get("KAFKA_SASL_JAAS_CONFIG");
        if (!resolved.equals(Rendering.EXTERNAL_SECRET) && rendering.find("Secret", secret).isPresent()) {
            assertThat(resolved).contains("ScramLoginModule").contains("username=\"" + PRINCIPALS.get(module).user() + "\"");
        }
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("servicesInEveryRendering")
    void everyServiceChecksApiKeysFromTheSecret(Rendering rendering, ServiceModule module) {
        Container container = Rendering.container(rendering.workload(module.artifactId()), module.artifactId());
        assertThat(rendering.environment(container)).containsEntry("STRESS_AUTH_ENABLED", "true");
        EnvVar keys = container.getEnv().stream().filter(e -> e.getName().equals("STRESS_AUTH_API_KEYS")).findFirst()
                .orElseThrow(() -> new AssertionError(module.artifactId() + " gets no STRESS_AUTH_API_KEYS"));
        assertThat(keys.getValue()).isNull();
        assertThat(keys.getValueFrom().getSecretKeyRef().getName()).isEqualTo("stressfw-api-keys");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void thePlainBrokerHasNoOpenListenerAndDeniesWhatNoAclGrants(Rendering rendering) {
        List<StatefulSet> brokers = rendering.all(StatefulSet.class).stream()
                .filter(s -> s.getMetadata().getName().equals("kafka")).toList();
        for (StatefulSet broker : brokers) {
            Map<String, String> environment = rendering.environment(broker.getSpec().getTemplate().getSpec().getContainers().get(0));
            assertThat(environment.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(","))
                    .allSatisfy(entry -> assertThat(entry).endsWith(":SASL_PLAINTEXT"));
            assertThat(environment).containsEntry("KAFKA_AUTHORIZER_CLASS_NAME",
                            "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                    .containsEntry("KAFKA_SUPER_USERS", "User:admin")
                    .containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false")
                    .containsEntry("KAFKA_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512,PLAIN");
            assertThat(environment.get("KAFKA_LISTENER_NAME_CLIENT_PLAIN_SASL_JAAS_CONFIG"))
                    .contains("$(STRESSFW_KAFKA_ADMIN_PASSWORD)").doesNotContain("user_stressfw");
            Job job = (Job) rendering.get("Job", "kafka-topics");
            Map<String, String> jobEnvironment = rendering.environment(job.getSpec().getTemplate().getSpec().getContainers().get(0));
            assertThat(jobEnvironment).containsKeys("STRESSFW_KAFKA_ADMIN_PASSWORD", "STRESSFW_ORCHESTRATOR_PASSWORD",
                    "STRESSFW_SAFETY_PASSWORD", "STRESSFW_METRICS_PASSWORD", "STRESSFW_AGENT_PASSWORD");
        }
    }

    @Test
    void grantAccessScriptGrantsExactlyTheServicePrincipalTable() {
        String script = Repository.read(Repository.K8S.resolve("base/kafka/grant-access.sh"));
        Matcher users = USER.matcher(script);
        Set<String> created = new HashSet<>();
        while (users.find()) {
            created.add(users.group(1));
        }
        assertThat(created).containsExactlyInAnyOrderElementsOf(Stream.of(ServicePrincipal.values()).map(ServicePrincipal::user).toList());
        assertThat(grants(script)).isEqualTo(table());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void strimziAuthenticatesEveryClientAndGrantsTheSameTable(Rendering rendering) {
        List<GenericKubernetesResource> kafkas = strimzi(rendering, "Kafka");
        if (kafkas.isEmpty()) {
            return;
        }
        for (GenericKubernetesResource kafka : kafkas) {
            List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
            assertThat(listeners).allSatisfy(listener -> assertThat(listener.get("authentication"))
                    .isEqualTo(Map.of("type", "scram-sha-512")));
            assertThat(kafka.<Object>get("spec", "kafka", "authorization")).isEqualTo(Map.of("type", "simple"));
            assertThat(kafka.<Object>get("spec", "entityOperator", "userOperator")).as("the User Operator makes the Secrets")
                    .isNotNull();
        }
        Map<String, Set<String>> granted = new HashMap<>();
        for (GenericKubernetesResource user : strimzi(rendering, "KafkaUser")) {
            assertThat(user.getMetadata().getLabels()).containsKey("strimzi.io/cluster");
            assertThat(user.<Object>get("spec", "authentication")).isEqualTo(Map.of("type", "scram-sha-512"));
            List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
            for (Map<String, Object> acl : acls) {
                @SuppressWarnings("unchecked")
                Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
                @SuppressWarnings("unchecked")
                List<String> operations = (List<String>) acl.get("operations");
                String kind = switch (resource.get("type") + "/" + resource.get("patternType") + "/" + operations) {
                    case "topic/literal/[Write, Describe]" -> "produce";
                    case "topic/literal/[Read, Describe]" -> "consume";
                    case "group/prefix/[Read]" -> "group";
                    default -> throw new AssertionError(user.getMetadata().getName() + " has an ACL outside the table: " + acl);
                };
                granted.computeIfAbsent(user.getMetadata().getName(), k -> new HashSet<>()).add(kind + " " + resource.get("name"));
            }
        }
        assertThat(granted).isEqualTo(table());
    }

    private static List<GenericKubernetesResource> strimzi(Rendering rendering, String kind) {
        return rendering.objects().stream().filter(o -> o instanceof GenericKubernetesResource && o.getKind().equals(kind))
                .map(GenericKubernetesResource.class::cast).toList();
    }

    private static Map<String, Set<String>> grants(String script) {
        Map<String, Set<String>> granted = new HashMap<>();
        Matcher line = GRANT.matcher(script);
        while (line.find()) {
            assertThat(granted.computeIfAbsent(line.group(2), k -> new HashSet<>()).add(line.group(1) + " " + line.group(3)))
                    .as("granted twice: %s", line.group()).isTrue();
        }
        return granted;
    }

    /** kafka-broker's ServicePrincipal table in the same words. */
    private static Map<String, Set<String>> table() {
        Map<String, Set<String>> table = new HashMap<>();
        for (ServicePrincipal principal : ServicePrincipal.values()) {
            Set<String> grants = new HashSet<>();
            principal.writes().forEach(topic -> grants.add("produce " + topic));
            principal.reads().forEach(topic -> grants.add("consume " + topic));
            principal.groupPrefix().ifPresent(prefix -> grants.add("group " + prefix));
            table.put(principal.user(), grants);
            assertThat(Topics.ALL).containsAll(principal.writes());
        }
        return table;
    }
}
