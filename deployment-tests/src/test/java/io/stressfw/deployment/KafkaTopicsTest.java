package io.stressfw.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.stressfw.kafka.TopicLayout;
import io.stressfw.model.Topics;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every topic the code uses exists with its partition count, in compose, Kubernetes and the Strimzi variant. */
class KafkaTopicsTest {
    private static final Pattern CREATE = Pattern.compile("(?m)^create (\\S+) (\\d+)\\s*$");

    /** The environment variables apache/kafka's image would otherwise fill with its localhost defaults. */
    static final List<String> IMAGE_DEFAULTED = List.of("CLUSTER_ID", "KAFKA_NODE_ID",
            "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "KAFKA_LISTENERS", "KAFKA_ADVERTISED_LISTENERS",
            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS",
            "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
            "KAFKA_PROCESS_ROLES", "KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_INTER_BROKER_LISTENER_NAME",
            "KAFKA_CONTROLLER_LISTENER_NAMES", "KAFKA_LOG_DIRS");

    static Map<String, Integer> scriptTopics() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        Matcher matcher = CREATE.matcher(Repository.read(Repository.CREATE_TOPICS_SCRIPT));
        while (matcher.find()) {
            assertThat(topics.put(matcher.group(1), Integer.parseInt(matcher.group(2))))
                    .as("topic %s created twice", matcher.group(1)).isNull();
        }
        return topics;
    }

    static List<Rendering> renderings() {
        return Rendering.all();
    }

    @Test
    void topicScriptCreatesEveryTopicWithItsPartitions() {
        assertThat(TopicLayout.TOPICS.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(scriptTopics()).isEqualTo(TopicLayout.TOPICS);
    }

    @Test
    void composeRunsTheTopicScriptAfterTheBrokerIsHealthy() {
        JsonNode init = Compose.service("kafka-init");
        assertThat(init.path("image").asText()).isEqualTo(kafkaImage());
        assertThat(Compose.strings(init.path("entrypoint"))).containsExactly("sh", "/scripts/create-topics.sh");
        assertThat(Compose.strings(init.path("volumes")))
                .contains("./" + Repository.ROOT.relativize(Repository.CREATE_TOPICS_SCRIPT) + ":/scripts/create-topics.sh:ro");
        assertThat(init.path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(Compose.environment(init).get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(Compose.KAFKA_BOOTSTRAP);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void kubernetesCreatesTheTopicsWithTheSameScriptOrAsStrimziTopics(Rendering rendering) {
        List<GenericKubernetesResource> kafkaTopics = rendering.objects().stream()
                .filter(o -> o instanceof GenericKubernetesResource && o.getKind().equals("KafkaTopic"))
                .map(GenericKubernetesResource.class::cast).toList();
        if (!kafkaTopics.isEmpty()) {
            Map<String, Integer> topics = new HashMap<>();
            for (GenericKubernetesResource topic : kafkaTopics) {
                topics.put(topic.get("spec", "topicName"), topic.<Integer>get("spec", "partitions"));
                assertThat(topic.getMetadata().getLabels()).containsKey("strimzi.io/cluster");
            }
            assertThat(topics).isEqualTo(TopicLayout.TOPICS);
            assertThat(rendering.all(Job.class)).isEmpty();
            return;
        }
        Job job = (Job) rendering.get("Job", "kafka-topics");
        Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo(kafkaImage());
        assertThat(container.getCommand()).containsExactly("sh", "/scripts/create-topics.sh");
        VolumeMount mount = KubernetesServicesTest.mountAt(container, "/scripts");
        Volume volume = KubernetesServicesTest.volume(job, mount.getName());
        ConfigMap script = (ConfigMap) rendering.get("ConfigMap", volume.getConfigMap().getName());
        assertThat(script.getData()).containsEntry("create-topics.sh", Repository.read(Repository.CREATE_TOPICS_SCRIPT));
        KubernetesServicesTest.assertKafkaServes(rendering, rendering.environment(container).get("KAFKA_BOOTSTRAP_SERVERS"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void kubernetesBrokerIsConfiguredLikeTheComposeBroker(Rendering rendering) {
        List<StatefulSet> brokers = rendering.all(StatefulSet.class).stream()
                .filter(s -> s.getMetadata().getName().equals("kafka")).toList();
        if (rendering.isOverlay("strimzi")) {
            assertThat(brokers).as("Strimzi replaces the built-in broker").isEmpty();
            return;
        }
        assertThat(brokers).hasSize(1);
        Container broker = brokers.get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> environment = rendering.environment(broker);
        assertBrokerEnvironment(environment);
        Map<String, String> compose = Compose.environment(Compose.service("kafka"));
        environment.remove("KAFKA_HEAP_OPTS");
        compose.remove("KAFKA_HEAP_OPTS");
        // Kubernetes authenticates every client (KafkaSecurityTest checks how); compose is the local, open broker.
        KafkaSecurityTest.SECURED_BROKER_SETTINGS.forEach(environment::remove);
        KafkaSecurityTest.SECURED_BROKER_SETTINGS.forEach(compose::remove);
        assertThat(environment).as("the same broker settings in Kubernetes and compose, security aside").isEqualTo(compose);
        assertThat(brokers.get(0).getSpec().getTemplate().getSpec().getEnableServiceLinks())
                .as("no KAFKA_* service-link variables turn into broker properties").isFalse();
        assertThat(broker.getImage()).isEqualTo(kafkaImage());
    }

    @Test
    void composeBrokerIsASingleKraftNodeWithoutAutoCreation() {
        JsonNode kafka = Compose.service("kafka");
        assertThat(kafka.path("image").asText()).isEqualTo(kafkaImage());
        assertBrokerEnvironment(Compose.environment(kafka));
    }

    static void assertBrokerEnvironment(Map<String, String> environment) {
        assertThat(environment).containsKeys(IMAGE_DEFAULTED.toArray(String[]::new));
        assertThat(Uuid.fromString(environment.get("CLUSTER_ID"))).isNotNull();
        assertThat(environment).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1");
        assertThat(environment.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).startsWith(environment.get("KAFKA_NODE_ID") + "@");
        assertThat(environment.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).contains("CONTROLLER:");
        assertThat(environment.get("KAFKA_LISTENERS")).contains("CONTROLLER://");
        assertThat(environment.get("KAFKA_ADVERTISED_LISTENERS")).doesNotContain("localhost");
    }

    /** The one Kafka image, the official one, at the version of kafka-clients the build uses. */
    static String kafkaImage() {
        return "apache/kafka:" + org.apache.kafka.common.utils.AppInfoParser.getVersion();
    }
}
