package io.stressfw.orchestrator.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Every Kafka channel on the in-memory connector, a fake safety pre-flight, the short test phases and a fresh data
 * directory that already holds the report of a cycle that "was running when the process died".
 */
public final class InMemoryMessagingResource implements QuarkusTestResourceLifecycleManager {
    public static final String INTERRUPTED_CYCLE_ID = "cycle-crashed1";
    /** The key the orchestrator presents to the fake safety-service's pre-flight. */
    public static final String SAFETY_API_KEY = "orchestrator-to-safety-key-0001";
    /** The secret webhooks are signed with; the fake receiver checks every delivery against it. */
    public static final String WEBHOOK_SECRET = "webhook-secret-for-tests-0001";

    private final FakeSafetyService safety = new FakeSafetyService(WEBHOOK_SECRET);

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("commands-out", "phase-events-out",
                "probe-samples-out", "dead-letters", "heartbeats-out"));
        config.putAll(InMemoryConnector.switchIncomingChannelsToInMemory("samples-in", "violations-in", "heartbeats-in"));
        String url = safety.start();
        config.put("stress.safety.url", url);
        config.put("stress.safety.api-key", SAFETY_API_KEY);
        config.put("stress.orchestrator.webhook-urls", url + "/webhook," + url + "/flaky-webhook");
        config.put("stress.orchestrator.webhook-secret", WEBHOOK_SECRET);
        config.put("stress.cycles.config", resource("test_cycles.yaml"));
        config.put("stress.orchestrator.data-dir", dataDir().toString());
        return config;
    }

    @Override
    public void stop() {
        safety.stop();
        InMemoryConnector.clear();
    }

    private static Path dataDir() {
        try {
            Path dir = Files.createTempDirectory("orchestrator-test");
            Files.createDirectories(dir.resolve("cycles"));
            Files.writeString(dir.resolve("cycles").resolve(INTERRUPTED_CYCLE_ID + ".json"), """
                    {"cycle_id":"%s","started_at_ms":1000,"outcome":"running","plan":[{"phase":"light"}],
                     "phases":[{"phase":"light","started_at_ms":1000,"outcome":"running"}],"violations":[]}
                    """.formatted(INTERRUPTED_CYCLE_ID));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try {
            return Path.of(InMemoryMessagingResource.class.getClassLoader().getResource(name).toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException("test resource " + name + " missing", e);
        }
    }
}
