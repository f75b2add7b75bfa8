package io.stressfw.deployment;

import java.util.Set;

/** Whether a service, or its image, reads an environment variable that a deployment sets for it. */
final class EnvironmentCheck {
    /** Read by the image's entrypoint (JAVA_OPTS*) or by its C library (glibc's malloc), not by the application. */
    static final Set<String> IMAGE_ENVIRONMENT = Set.of("JAVA_OPTS", "JAVA_OPTS_APPEND", "MALLOC_MMAP_THRESHOLD_");

    private EnvironmentCheck() {
    }

    /**
     * Quarkus's Kafka extension gathers every {@code KAFKA_*} variable into the configuration of every Kafka client
     * of the service ({@code KAFKA_SASL_JAAS_CONFIG} becomes {@code sasl.jaas.config}); no property names them.
     */
    static final String KAFKA_CLIENT_PREFIX = "KAFKA_";

    static boolean isRead(ServiceModule module, String variable, Set<String> expandedByKubernetes) {
        return IMAGE_ENVIRONMENT.contains(variable) || expandedByKubernetes.contains(variable)
                || variable.startsWith(KAFKA_CLIENT_PREFIX) || module.config().understands(variable);
    }
}
