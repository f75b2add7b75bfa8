package io.stressfw.agent;

import io.stressfw.service.security.Access;
import io.stressfw.service.security.AccessRules;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Which role each request of a load agent needs: its status is a viewer's read. Agents take commands only from
 * Kafka, so nothing else is listed, and anything else needs admin (deny by default).
 */
@Singleton
public class AgentAccessRules {
    public static AccessRules table() {
        return AccessRules.builder()
                .allow(Access.VIEWER, "GET", "/agent/status")
                .build();
    }

    @Produces
    @Singleton
    AccessRules rules() {
        return table();
    }
}
