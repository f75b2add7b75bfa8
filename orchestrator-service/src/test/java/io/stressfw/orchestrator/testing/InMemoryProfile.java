package io.stressfw.orchestrator.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** One application for every in-memory @QuarkusTest, so Quarkus starts it once. */
public final class InMemoryProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(InMemoryMessagingResource.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("stress.orchestrator.update-interval", "200ms");
    }
}
