package io.stressfw.deployment;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every Kafka client of a service costs beyond its records (issue 21; docs/benchmarks.md, "Footprint"): no
 * OpenTelemetry is configured, so per-record tracing would only load its instrumentation and build empty contexts, and
 * the clients' own metrics would be about 700 Prometheus series per agent. That the agent's endpoint leaves them out
 * is checked against a real broker in {@code AgentServiceTest}.
 */
class KafkaClientFootprintTest {
    @Test
    void noServiceTracesItsKafkaRecordsOrExportsItsKafkaClientsMetrics() {
        for (ServiceModule module : ServiceModule.values()) {
            if (module == ServiceModule.AGENT) {
                // No SmallRye connector and no Micrometer Kafka binder in the agent at all (its scrape: AgentServiceTest).
                continue;
            }
            ServiceConfig config = module.config();
            assertThat(config.value("mp.messaging.connector.smallrye-kafka.tracing-enabled", Map.of()))
                    .as(module + ": SmallRye Kafka tracing").isEqualTo("false");
            assertThat(config.value("quarkus.micrometer.binder.kafka.enabled", Map.of()))
                    .as(module + ": the Kafka clients' metrics binder").isEqualTo("false");
            for (String channel : config.incomingKafkaChannels()) {
                assertThat(config.value("mp.messaging.incoming." + channel + ".tracing-enabled", Map.of()))
                        .as(module + " " + channel + ": tracing turned back on").isNotEqualTo("true");
            }
        }
    }
}
