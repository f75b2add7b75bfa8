package io.stressfw.service.security;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a Kafka client configuration authenticates to the broker: SASL (SASL_PLAINTEXT or SASL_SSL) with a JAAS
 * login, or SSL with a client certificate (mutual TLS). Anything else connects as the broker's anonymous user, which
 * on a broker with ACLs may do nothing and on a broker without them may do everything.
 */
public final class KafkaClientAuthentication {
    public static final String REQUIRE_SETTING = "STRESS_REQUIRE_KAFKA_AUTH";

    private KafkaClientAuthentication() {
    }

    /** Empty when the configuration authenticates; otherwise why not, naming the settings to fix. */
    public static Optional<String> missing(Map<String, ?> kafkaConfig) {
        String protocol = text(kafkaConfig, "security.protocol").orElse("PLAINTEXT").toUpperCase(Locale.ROOT);
        switch (protocol) {
            case "SASL_PLAINTEXT", "SASL_SSL" -> {
                if (text(kafkaConfig, "sasl.jaas.config").isEmpty()) {
                    return Optional.of("KAFKA_SECURITY_PROTOCOL is " + protocol
                            + " but KAFKA_SASL_JAAS_CONFIG is empty: the client has no credentials");
                }
                return Optional.empty();
            }
            case "SSL" -> {
                if (text(kafkaConfig, "ssl.keystore.location").isEmpty() && text(kafkaConfig, "ssl.keystore.key").isEmpty()) {
                    return Optional.of("KAFKA_SECURITY_PROTOCOL is SSL without a client certificate "
                            + "(KAFKA_SSL_KEYSTORE_LOCATION): TLS encrypts, but the broker cannot tell who the client is");
                }
                return Optional.empty();
            }
            default -> {
                return Optional.of("KAFKA_SECURITY_PROTOCOL is " + protocol + ": the client does not authenticate");
            }
        }
    }

    /** The refusal a service fails its start with, naming the setting that asked for it and how to satisfy it. */
    public static String refusal(String reason) {
        return REQUIRE_SETTING + " is set (stress.kafka.require-auth=true) but " + reason + ". Set "
                + "KAFKA_SECURITY_PROTOCOL=SASL_SSL (or SASL_PLAINTEXT), KAFKA_SASL_MECHANISM=SCRAM-SHA-512 and "
                + "KAFKA_SASL_JAAS_CONFIG with this service's principal, or SSL with a client keystore; see README "
                + "\"Security\"";
    }

    private static Optional<String> text(Map<String, ?> config, String key) {
        Object value = config.get(key);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString().trim());
    }
}
