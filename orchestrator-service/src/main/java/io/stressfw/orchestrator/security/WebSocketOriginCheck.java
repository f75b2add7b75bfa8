package io.stressfw.orchestrator.security;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Refuses a {@code /ws} handshake from a foreign browser page with 403 ({@link OriginPolicy}), whether or not access
 * control is on: a page the operator has open must not be able to start a cycle through the operator's browser.
 * Ahead of {@link WebSocketConnectionCap} (higher priority runs first), so a refused page never holds a slot.
 */
@ApplicationScoped
@Priority(WebSocketOriginCheck.PRIORITY)
public class WebSocketOriginCheck implements HttpUpgradeCheck {
    static final int PRIORITY = 100;
    private static final Logger LOG = Logger.getLogger(WebSocketOriginCheck.class);

    private final OriginPolicy policy;

    @Inject
    public WebSocketOriginCheck(WebSocketSettings settings) {
        this.policy = new OriginPolicy(settings.allowedOrigins().orElse(List.of()));
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        boolean tls = request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
        var refusal = policy.refusal(request.getHeader("Origin"), request.getHeader("Host"), tls);
        if (refusal.isEmpty()) {
            return CheckResult.permitUpgrade();
        }
        LOG.warnf("WebSocket upgrade refused (403): %s", refusal.get());
        return CheckResult.rejectUpgrade(403);
    }
}
