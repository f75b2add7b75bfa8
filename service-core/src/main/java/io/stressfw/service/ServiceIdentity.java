package io.stressfw.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.stressfw.model.ServiceKind;

import java.util.Optional;

/** Who this service instance is, as announced in heartbeats and used as a Kafka source id. */
@ConfigMapping(prefix = "stress.instance")
public interface ServiceIdentity {
    /** The service's kind; each service sets it in its application.properties. */
    ServiceKind kind();

    /** The instance id (env {@code STRESS_INSTANCE_ID}); default: kind-hostname (the pod name in Kubernetes). */
    Optional<String> id();

    /** The version announced in heartbeats. */
    @WithDefault("1.0.0-SNAPSHOT")
    String version();

    default String instanceId() {
        return id().filter(s -> !s.isBlank()).orElseGet(() -> kind().wireName() + "-" + Hosts.hostname());
    }
}
