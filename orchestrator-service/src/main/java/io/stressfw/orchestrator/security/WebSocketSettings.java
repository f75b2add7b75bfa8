package io.stressfw.orchestrator.security;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** The control socket's browser-facing settings ({@code stress.ws.*}). */
@ConfigMapping(prefix = "stress.ws")
public interface WebSocketSettings {
    /**
     * Browser origins besides the dashboard's own that may open {@code /ws}, comma-separated, e.g.
     * {@code https://stress.example.com} (env STRESS_WS_ALLOWED_ORIGINS). Needed when a proxy changes the Host the
     * orchestrator sees, or another page embeds the dashboard.
     */
    Optional<List<String>> allowedOrigins();
}
