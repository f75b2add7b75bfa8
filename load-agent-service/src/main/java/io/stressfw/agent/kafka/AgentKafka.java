package io.stressfw.agent.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.stressfw.service.ServiceIdentity;
import io.stressfw.service.UnsentMessages;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * The agent's Kafka: its client settings ({@link KafkaClientSettings}, checked against
 * {@code STRESS_REQUIRE_KAFKA_AUTH} before any client is made), its one producer and its dead letters. The producer
 * is closed after every other shutdown observer of default priority (the departure and the timers that send).
 */
@Singleton
public class AgentKafka {
    private static final Logger LOG = Logger.getLogger(AgentKafka.class);

    private final Map<String, Object> settings;
    private final AgentProducer producer;
    private final DeadLetters deadLetters;

    @Inject
    public AgentKafka(Config config, @ConfigProperty(name = "stress.kafka.require-auth", defaultValue = "false") boolean requireAuth,
                      ServiceIdentity identity, MeterRegistry registry) {
        this.settings = Map.copyOf(KafkaClientSettings.from(config));
        KafkaClientSettings.checkAuthentication(settings, requireAuth);
        LOG.infof("Kafka at %s (%s)", settings.get("bootstrap.servers"), settings.getOrDefault("security.protocol", "PLAINTEXT"));
        this.producer = new AgentProducer(settings, identity.instanceId(), new UnsentMessages(registry));
        this.deadLetters = new DeadLetters(producer, registry, identity.instanceId(), identity.kind().wireName());
    }

    /** The client settings every client of the agent starts from. */
    public Map<String, Object> settings() {
        return settings;
    }

    public AgentProducer producer() {
        return producer;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    void closeProducer(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) ShutdownEvent event) {
        producer.close();
    }
}
