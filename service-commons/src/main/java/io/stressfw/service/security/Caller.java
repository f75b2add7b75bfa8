package io.stressfw.service.security;

import io.quarkus.security.identity.SecurityIdentity;

import java.util.Optional;

/**
 * Who made a request, for the decisions a path rule cannot make (a body flag that needs a stronger role) and for
 * audit records ("changed by", "overridden by"). The name is the principal: {@code api-key-<fingerprint>} for an API
 * key, the token's subject for OIDC, {@code anonymous} without access control.
 */
public record Caller(String name, Optional<Role> role, boolean accessControl) {
    public static final String ANONYMOUS = "anonymous";

    public Caller {
        if (name == null || name.isBlank() || role == null) {
            throw new IllegalArgumentException("name and role (possibly empty) are required");
        }
    }

    /** The caller behind a request's identity; {@code accessControl} is whether the service checks roles at all. */
    public static Caller of(SecurityIdentity identity, boolean accessControl) {
        if (identity == null || identity.isAnonymous()) {
            return new Caller(ANONYMOUS, Optional.empty(), accessControl);
        }
        return new Caller(identity.getPrincipal().getName(), Role.highest(identity.getRoles()), accessControl);
    }

    /** Whether this caller has at least {@code needed}; with access control off everyone has every role. */
    public boolean has(Role needed) {
        return !accessControl || role.map(r -> r.includes(needed)).orElse(false);
    }

    /** For records and logs: the name, with the role, or a note that access control is off. */
    public String describe() {
        if (!accessControl) {
            return name + " (access control off)";
        }
        return role.map(r -> name + " (" + r.wireName() + ")").orElse(name);
    }
}
