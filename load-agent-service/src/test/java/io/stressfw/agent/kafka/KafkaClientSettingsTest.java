package io.stressfw.agent.kafka;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientSettingsTest {
    private static SmallRyeConfig config(Map<String, String> env, Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(env, 300), new PropertiesConfigSource(properties, "test", 250))
                .build();
    }

    @Test
    void kafkaVariablesBecomeClientPropertiesAsTheOtherServicesReadThem() {
        Map<String, Object> settings = KafkaClientSettings.from(config(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", "KAFKA_SASL_JAAS_CONFIG", "x required;", "PATH", "/bin"),
                Map.of("kafka.bootstrap.servers", "broker:9092", "stress.agent.scope", "host")));
        assertThat(settings).containsExactlyInAnyOrderEntriesOf(Map.of("bootstrap.servers", "broker:9092",
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", "x required;"));
    }

    @Test
    void aVariableOverridesTheFileAsForEveryOtherProperty() {
        Map<String, Object> settings = KafkaClientSettings.from(config(Map.of("KAFKA_CLIENT_RACK", "from-env"),
                Map.of("kafka.client.rack", "from-properties", "kafka.client.id", "from-properties")));
        assertThat(settings).containsEntry("client.rack", "from-env").containsEntry("client.id", "from-properties");
    }

    @Test
    void requiredAuthenticationRefusesAnOpenClientNamingTheSetting() {
        assertThatThrownBy(() -> KafkaClientSettings.checkAuthentication(Map.of("bootstrap.servers", "b:9092"), true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("STRESS_REQUIRE_KAFKA_AUTH")
                .hasMessageContaining("KAFKA_SECURITY_PROTOCOL");
        KafkaClientSettings.checkAuthentication(Map.of("bootstrap.servers", "b:9092"), false);
        KafkaClientSettings.checkAuthentication(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "x required;"), true);
    }
}
