package io.stressfw.orchestrator.security;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.Open;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Refuses a WebSocket upgrade with 503 and Retry-After once {@code stress.limits.ws.max-connections} are open.
 * Runs after the HTTP security policy, so an unauthenticated upgrade never takes a slot.
 */
@ApplicationScoped
public class WebSocketConnectionCap implements HttpUpgradeCheck {
    private static final Logger LOG = Logger.getLogger(WebSocketConnectionCap.class);
    private static final UserData.TypedKey<String> SLOT = UserData.TypedKey.forString("stress.ws-slot");
    /** An accepted upgrade that has not become a connection in this long has failed; its slot is freed. */
    private static final Duration HANDSHAKE_WINDOW = Duration.ofSeconds(10);

    private final ConnectionSlots slots;
    private final OpenConnections open;

    @Inject
    public WebSocketConnectionCap(LimitSettings limits, OpenConnections open) {
        this.slots = new ConnectionSlots(limits.ws().maxConnections(), HANDSHAKE_WINDOW);
        this.open = open;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        int count = 0;
        Set<String> reserved = new HashSet<>();
        for (WebSocketConnection connection : open) {
            count++;
            String slot = connection.userData().get(SLOT);
            if (slot != null) {
                reserved.add(slot);
            }
        }
        String slot = UUID.randomUUID().toString();
        if (slots.tryReserve(slot, count, reserved, System.nanoTime())) {
            context.userData().put(SLOT, slot);
            return CheckResult.permitUpgrade();
        }
        LOG.warnf("WebSocket upgrade refused: %d connections open, the cap is %d", count, slots.max());
        return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of("5")));
    }

    /** Frees the reservation of a connection that opened, even if it closed again before the next upgrade. */
    void opened(@ObservesAsync @Open WebSocketConnection connection) {
        slots.opened(connection.userData().get(SLOT));
    }
}
