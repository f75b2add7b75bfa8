package io.stressfw.service.security;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientAuthenticationTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";";

    @Test
    void aPlaintextClientDoesNotAuthenticate() {
        assertThat(KafkaClientAuthentication.missing(Map.of("bootstrap.servers", "kafka:9092")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("PLAINTEXT"));
        assertThat(KafkaClientAuthentication.missing(Map.of("security.protocol", "plaintext"))).isPresent();
    }

    @Test
    void saslWithCredentialsAuthenticates() {
        assertThat(KafkaClientAuthentication.missing(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", JAAS))).isEmpty();
        assertThat(KafkaClientAuthentication.missing(Map.of("security.protocol", "sasl_plaintext", "sasl.jaas.config", JAAS))).isEmpty();
    }

    @Test
    void saslWithoutCredentialsDoesNot() {
        assertThat(KafkaClientAuthentication.missing(Map.of("security.protocol", "SASL_SSL")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("KAFKA_SASL_JAAS_CONFIG"));
        assertThat(KafkaClientAuthentication.missing(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", " "))).isPresent();
    }

    @Test
    void tlsAuthenticatesOnlyWithAClientCertificate() {
        assertThat(KafkaClientAuthentication.missing(Map.of("security.protocol", "SSL")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("KAFKA_SSL_KEYSTORE_LOCATION"));
        assertThat(KafkaClientAuthentication.missing(Map.of("security.protocol", "SSL",
                "ssl.keystore.location", "/etc/kafka-tls/user.p12"))).isEmpty();
    }

    @Test
    void theRefusalNamesTheSettingThatAskedForIt() {
        assertThat(KafkaClientAuthentication.refusal("KAFKA_SECURITY_PROTOCOL is PLAINTEXT: the client does not authenticate"))
                .startsWith("STRESS_REQUIRE_KAFKA_AUTH is set")
                .contains("KAFKA_SASL_JAAS_CONFIG");
    }
}
