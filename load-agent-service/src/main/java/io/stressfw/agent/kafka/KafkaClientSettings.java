package io.stressfw.agent.kafka;

import io.stressfw.service.security.KafkaClientAuthentication;
import org.eclipse.microprofile.config.Config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Kafka client properties every client of the agent starts from: each {@code kafka.*} property without its
 * prefix, and each {@code KAFKA_*} environment variable lower-cased with dots for underscores
 * ({@code KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}), the same names the other services' clients read, so a
 * deployment configures every service alike. Each value is what the configuration resolves for it, so a variable
 * overrides application.properties as it does for every other property.
 */
public final class KafkaClientSettings {
    private static final String PREFIX = "kafka.";
    private static final String ENV_PREFIX = "KAFKA_";

    private KafkaClientSettings() {
    }

    public static Map<String, Object> from(Config config) {
        Map<String, Object> fromEnv = new TreeMap<>();
        Map<String, Object> dotted = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            Optional<String> value = config.getOptionalValue(name, String.class);
            if (value.isEmpty()) {
                continue;
            }
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                dotted.put(name.substring(PREFIX.length()), value.get());
            } else if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                fromEnv.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value.get());
            }
        }
        fromEnv.putAll(dotted);
        return fromEnv;
    }

    /**
     * With {@code stress.kafka.require-auth=true} (env STRESS_REQUIRE_KAFKA_AUTH, the prod overlay) a configuration
     * whose clients would not authenticate is refused before any client is made.
     */
    public static void checkAuthentication(Map<String, Object> settings, boolean required) {
        Optional<String> missing = KafkaClientAuthentication.missing(settings);
        if (required && missing.isPresent()) {
            throw new IllegalStateException(KafkaClientAuthentication.refusal(missing.get()));
        }
    }
}
