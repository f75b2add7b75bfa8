package io.stressfw.safety.api;

import io.stressfw.service.security.Access;
import io.stressfw.service.security.AccessRules;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Which role each request of safety-service needs. The rules and breakers decide whether load may run, so changing
 * them is admin's alone; reading them and asking the pre-flight question (no side effect) is a viewer's. Anything
 * not listed needs admin (service-commons' {@link AccessRules}: deny by default).
 */
@Singleton
public class SafetyAccessRules {
    public static AccessRules table() {
        return AccessRules.builder()
                .allow(Access.VIEWER, "GET", "/safety/thresholds", "/safety/violations", "/safety/breakers", "/safety/sources")
                .allow(Access.VIEWER, "POST", "/safety/preflight")
                .allow(Access.ADMIN, "PUT", "/safety/thresholds")
                .allow(Access.ADMIN, "PATCH", "/safety/thresholds")
                .allow(Access.ADMIN, "DELETE", "/safety/thresholds")
                .allow(Access.ADMIN, "POST", "/safety/breakers/*/reset")
                .build();
    }

    @Produces
    @Singleton
    AccessRules rules() {
        return table();
    }
}
