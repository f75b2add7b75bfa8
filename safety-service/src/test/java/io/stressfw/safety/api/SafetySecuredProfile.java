package io.stressfw.safety.api;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** safety-service with access control on and one key per role, as the Kubernetes manifests run it. */
public final class SafetySecuredProfile implements QuarkusTestProfile {
    static final String ADMIN = "safety-admin-key-for-tests-01";
    static final String OPERATOR = "safety-operator-key-for-tests-02";
    static final String VIEWER = "safety-viewer-key-for-tests-03";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "stress.auth.enabled", "true",
                "stress.auth.api-keys", ADMIN + "=admin," + OPERATOR + "=operator," + VIEWER + "=viewer");
    }
}
