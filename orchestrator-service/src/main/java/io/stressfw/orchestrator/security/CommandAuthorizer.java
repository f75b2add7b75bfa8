package io.stressfw.orchestrator.security;

import io.quarkus.arc.Unremovable;
import io.quarkus.security.identity.SecurityIdentity;
import io.stressfw.service.security.ApiKeyRegistry;
import io.stressfw.service.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Optional;

/**
 * The WebSocket counterpart of the HTTP policy and the start-rate filter: an {@code emergency_stop} is open to every
 * role, start/quick/stop/adjust need operator, anything else admin; start and quick also spend a start token.
 * The socket endpoint asks it before acting on a command.
 */
@Unremovable
@ApplicationScoped
public class CommandAuthorizer {
    private static final Map<String, Role> REQUIRED = Map.of(
            "ping", Role.VIEWER,
            "emergency_stop", Role.VIEWER,
            "stop", Role.OPERATOR,
            "adjust", Role.OPERATOR,
            "start", Role.OPERATOR,
            "quick", Role.OPERATOR);

    private final ApiKeyRegistry registry;
    private final StartRateLimiter limiter;

    @Inject
    public CommandAuthorizer(ApiKeyRegistry registry, StartRateLimiter limiter) {
        this.registry = registry;
        this.limiter = limiter;
    }

    /** The role a command needs; unknown commands need admin, so a new command is closed until listed. */
    public static Role required(String commandType) {
        return REQUIRED.getOrDefault(commandType, Role.ADMIN);
    }

    /** Empty when the command may run now; otherwise the status and message of the error reply. */
    public Optional<CommandRefusal> refusal(SecurityIdentity identity, String commandType) {
        if (registry.enabled()) {
            if (identity == null || identity.isAnonymous()) {
                return Optional.of(new CommandRefusal(401, "authentication required"));
            }
            Role needed = required(commandType);
            Optional<Role> role = Role.highest(identity.getRoles());
            if (role.isEmpty() || !role.get().includes(needed)) {
                return Optional.of(new CommandRefusal(403, role.map(r -> "role '" + r.wireName() + "'")
                        .orElse("a caller without a stress role") + " may not send '" + commandType + "': it needs "
                        + needed.wireName()));
            }
        }
        if ("start".equals(commandType) || "quick".equals(commandType)) {
            StartRequestBucket.Decision decision = limiter.tryAcquire();
            if (!decision.allowed()) {
                return Optional.of(new CommandRefusal(429, limiter.refusal(decision)));
            }
        }
        return Optional.empty();
    }
}
