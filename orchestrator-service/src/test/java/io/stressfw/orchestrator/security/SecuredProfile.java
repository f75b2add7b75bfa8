package io.stressfw.orchestrator.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.stressfw.orchestrator.testing.InMemoryMessagingResource;

import java.util.List;
import java.util.Map;

/** The in-memory application with access control on, three keys, a small start bucket and a small socket cap. */
public final class SecuredProfile implements QuarkusTestProfile {
    static final String ADMIN = "admin-key-for-tests-0001";
    static final String OPERATOR = "operator-key-for-tests-0002";
    static final String VIEWER = "viewer-key-for-tests-0003";
    static final int START_CAPACITY = 3;
    static final int MAX_SOCKETS = 3;

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(InMemoryMessagingResource.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "stress.auth.enabled", "true",
                "stress.auth.api-keys", ADMIN + "=admin," + OPERATOR + "=operator," + VIEWER + "=viewer",
                "stress.limits.start-rate.capacity", String.valueOf(START_CAPACITY),
                "%test.stress.limits.start-rate.capacity", String.valueOf(START_CAPACITY),
                "stress.limits.start-rate.period", "3s",
                "stress.limits.ws.max-connections", String.valueOf(MAX_SOCKETS),
                "stress.orchestrator.update-interval", "200ms");
    }
}
