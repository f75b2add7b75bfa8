package io.stressfw.kafka;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension for plain tests: a real broker for the test class.
 * {@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();}
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();

    @Override
    public void beforeAll(ExtensionContext context) {
        broker.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        broker.close();
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }
}
