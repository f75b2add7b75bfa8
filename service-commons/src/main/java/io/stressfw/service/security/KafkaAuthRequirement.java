package io.stressfw.service.security;

import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * With {@code STRESS_REQUIRE_KAFKA_AUTH=true} (the prod overlay), the service refuses to start unless its Kafka
 * clients authenticate: a service that would talk to an open broker, or to a secured one as its anonymous user,
 * stops at once with a message naming the setting, instead of running half-connected. Every channel and the
 * plain clients (host samples) take their security settings from this same
 * {@code kafka.*} configuration, which no channel of ours overrides.
 */
@Startup
@Singleton
public class KafkaAuthRequirement {
    private static final Logger LOG = Logger.getLogger(KafkaAuthRequirement.class);

    @Inject
    public KafkaAuthRequirement(@ConfigProperty(name = "stress.kafka.require-auth", defaultValue = "false") boolean required,
                                @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        var missing = KafkaClientAuthentication.missing(kafka);
        if (required && missing.isPresent()) {
            throw new IllegalStateException(KafkaClientAuthentication.refusal(missing.get()));
        }
        if (missing.isPresent()) {
            LOG.infof("Kafka clients do not authenticate (%s); %s=true refuses that", missing.get(),
                    KafkaClientAuthentication.REQUIRE_SETTING);
        } else {
            LOG.infof("Kafka clients authenticate with %s", kafka.get("security.protocol"));
        }
    }
}
