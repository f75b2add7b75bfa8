package io.stressfw.service.security;

import java.util.Optional;

/** What a request needs: nothing (probes, documentation, the dashboard's files) or at least a role. */
public enum Access {
    PUBLIC(null), VIEWER(Role.VIEWER), OPERATOR(Role.OPERATOR), ADMIN(Role.ADMIN);

    private final Role minimum;

    Access(Role minimum) {
        this.minimum = minimum;
    }

    public Optional<Role> minimumRole() {
        return Optional.ofNullable(minimum);
    }

    public boolean allows(Role role) {
        return minimum == null || (role != null && role.includes(minimum));
    }
}
