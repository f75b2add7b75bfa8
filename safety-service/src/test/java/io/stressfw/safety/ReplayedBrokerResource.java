package io.stressfw.safety;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.model.MetricSample;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.WireCodec;

import java.util.Map;

/**
 * A real broker whose {@code stress.samples} already holds over-limit samples before safety-service starts, as after a
 * restart: one stamped now, one stamped ten minutes ago.
 */
public final class ReplayedBrokerResource implements QuarkusTestResourceLifecycleManager {
    static final String REPLAYED_SOURCE = "replayed-before-start";
    private final KafkaBrokerTestResource broker = new KafkaBrokerTestResource();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = broker.start();
        try (KafkaProbe kafka = new KafkaProbe(config.get("kafka.bootstrap.servers"))) {
            long now = System.currentTimeMillis();
            for (long stamp : new long[]{now, now - 600_000}) {
                kafka.send(Topics.SAMPLES, REPLAYED_SOURCE, WireCodec.encode(new MetricSample(Versioned.SCHEMA_VERSION,
                        REPLAYED_SOURCE, SourceKind.HOST, REPLAYED_SOURCE, stamp, null, null,
                        Map.of("memory_usage", 99.0), null)));
            }
        } catch (Exception e) {
            broker.stop();
            throw new IllegalStateException("could not produce the samples to replay", e);
        }
        return config;
    }

    @Override
    public void stop() {
        broker.stop();
    }
}
