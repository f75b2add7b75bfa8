package io.stressfw.orchestrator.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Access control of the control surface ({@code stress.auth.*}); see SECURITY.md. */
@ConfigMapping(prefix = "stress.auth")
public interface AuthSettings {
    /** Off for the local one-command run, on in the Kubernetes manifests (env STRESS_AUTH_ENABLED). */
    @WithDefault("false")
    boolean enabled();

    /**
     * {@code key=role} entries separated by commas or line breaks (env STRESS_AUTH_API_KEYS, from a Secret in k8s).
     * Kept as text and parsed by {@link ApiKeys}, because a converter's error would echo the keys into the log.
     */
    Optional<String> apiKeys();
}
