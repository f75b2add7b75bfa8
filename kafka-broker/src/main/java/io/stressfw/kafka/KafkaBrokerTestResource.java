package io.stressfw.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Quarkus test resource: one real broker per test resource lifecycle, wired into the service as
 * {@code kafka.bootstrap.servers}, with Dev Services off. Use with
 * {@code @QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)}.
 */
public final class KafkaBrokerTestResource implements QuarkusTestResourceLifecycleManager {
    private EmbeddedKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        broker = EmbeddedKafkaBroker.builder().build();
        String bootstrap = broker.start();
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(broker, new TestInjector.MatchesType(EmbeddedKafkaBroker.class));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
