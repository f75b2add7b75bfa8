package io.stressfw.service.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Access control of a service's REST API ({@code stress.auth.*}); the same keys and roles on every service. */
@ConfigMapping(prefix = "stress.auth")
public interface AuthSettings {
    /** Off for the loopback-only local run, on in the Kubernetes manifests (env STRESS_AUTH_ENABLED). */
    @WithDefault("false")
    boolean enabled();

    /**
     * {@code key=role} entries separated by commas or line breaks (env STRESS_AUTH_API_KEYS, from a Secret in k8s).
     * Kept as text and parsed by {@link ApiKeys}, because a converter's error would echo the keys into the log.
     */
    Optional<String> apiKeys();
}
