package io.stressfw.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How the orchestrator talks to safety-service ({@code stress.safety.*}). */
@ConfigMapping(prefix = "stress.safety")
public interface SafetyClientSettings {
    /** Base URL of safety-service (env STRESS_SAFETY_URL); pre-flight is POST {url}/safety/preflight. */
    @WithDefault("http://localhost:8001")
    String url();

    /** No safety heartbeat for this long = safety-service is offline. */
    @WithDefault("3s")
    Duration heartbeatTimeout();

    @WithDefault("1s")
    Duration preflightTimeout();

    /**
     * The bearer key the orchestrator presents to safety-service when safety checks API keys (env
     * STRESS_SAFETY_API_KEY, from the same Secret in k8s). The pre-flight needs a viewer's key.
     */
    Optional<String> apiKey();
}
