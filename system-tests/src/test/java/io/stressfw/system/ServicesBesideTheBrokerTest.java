package io.stressfw.system;

import io.stressfw.kafka.TopicLayout;
import io.stressfw.launcher.LocalStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./stress up} starts the services while its open broker starts (a second of ready on two cores): their Kafka
 * clients come before the broker has created the platform's topics, which must still have the layout it gives them.
 */
class ServicesBesideTheBrokerTest {

    @Test
    void everyServiceIsStartedBeforeTheBrokerAndFindsTheTopicsAsTheBrokerLaysThemOut() throws Exception {
        LocalStack stack = SystemStack.get();
        Map<String, Instant> launched = SystemStack.launched();
        Instant broker = launched.get("kafka-broker");
        assertThat(launched).hasSize(stack.services().size() + 1);
        launched.forEach((name, at) -> assertThat(at).as(name).isBeforeOrEqualTo(broker));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(TopicLayout.TOPICS.keySet()).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            TopicLayout.TOPICS.forEach((topic, partitions) ->
                    assertThat(topics.get(topic).partitions()).as(topic).hasSize(partitions));
            for (String topic : TopicLayout.TOPICS.keySet()) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(java.util.List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
                assertThat(config.get("retention.ms").value()).as(topic).isEqualTo(String.valueOf(Duration.ofDays(1).toMillis()));
            }
        }
    }
}
