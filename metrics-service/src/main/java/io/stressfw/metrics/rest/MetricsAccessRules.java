package io.stressfw.metrics.rest;

import io.stressfw.service.security.Access;
import io.stressfw.service.security.AccessRules;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Which role each request of metrics-service needs: reads are a viewer's; opening a baseline window changes what
 * the next reports compare against, an operator's action. Anything not listed needs admin (deny by default).
 */
@Singleton
public class MetricsAccessRules {
    public static AccessRules table() {
        return AccessRules.builder()
                .allow(Access.VIEWER, "GET", "/metrics/snapshot", "/metrics/cycles", "/metrics/cycles/*",
                        "/metrics/cycles/*/export", "/metrics/baseline")
                .allow(Access.OPERATOR, "POST", "/metrics/baseline")
                .build();
    }

    @Produces
    @Singleton
    AccessRules rules() {
        return table();
    }
}
