package io.stressfw.service.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The three roles of every service's API, each including the rights of the ones before it. */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this role has at least the rights of {@code other}. */
    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    /** This role and every role it includes, as the role names a SecurityIdentity carries. */
    public Set<String> impliedNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Role r : values()) {
            if (includes(r)) {
                names.add(r.wireName());
            }
        }
        return names;
    }

    public static Role fromName(String name) {
        if (name != null) {
            for (Role r : values()) {
                if (r.wireName().equalsIgnoreCase(name.trim())) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "'; expected one of " + names());
    }

    /** The strongest of the known roles among {@code names} (e.g. an OIDC token's groups); others are ignored. */
    public static Optional<Role> highest(Collection<String> names) {
        Role best = null;
        for (String name : names) {
            for (Role r : values()) {
                if (r.wireName().equalsIgnoreCase(name) && (best == null || r.includes(best))) {
                    best = r;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Role::wireName).toList());
    }
}
