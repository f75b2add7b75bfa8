package io.stressfw.orchestrator.security;

import io.stressfw.service.security.Access;
import io.stressfw.service.security.AccessRules;
import io.stressfw.service.security.StaticFiles;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Which role each request of the orchestrator needs (the table in SECURITY.md). Anything not listed needs admin,
 * so a new endpoint is closed until it gets a row here (resetting safety's breakers, {@code POST /breakers/...},
 * included). Validating a plan ({@code POST /plans/validate}) starts nothing: a viewer may. A body flag that needs more than its path's role
 * ({@code override_safety}: admin) is checked where the body is read ({@code ControlActions}).
 */
@Singleton
public class OrchestratorAccessRules {
    public static AccessRules table() {
        return AccessRules.builder()
                .allow(Access.VIEWER, "GET", "/status", "/phases", "/agents", "/cycles", "/cycles/*", "/metrics/stream", "/ws",
                        "/breakers")
                .allow(Access.VIEWER, "POST", "/emergency/stop", "/plans/validate")
                .allow(Access.OPERATOR, "POST", "/cycle/start", "/cycle/quick", "/cycle/stop", "/load/adjust")
                .staticFiles(new StaticFiles())
                .queryToken("/ws", "/metrics/stream")
                .build();
    }

    /** The table service-commons' policy and authentication mechanism ask. */
    @Produces
    @Singleton
    AccessRules rules() {
        return table();
    }
}
