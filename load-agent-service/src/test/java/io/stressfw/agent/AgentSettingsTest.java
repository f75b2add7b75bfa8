package io.stressfw.agent;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentSettingsTest {
    private static AgentSettings settings(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(AgentSettings.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 250)).build()
                .getConfigMapping(AgentSettings.class);
    }

    @Test
    void theDefaultsPass() {
        assertThatCode(() -> AgentSettings.check(settings(Map.of()))).doesNotThrowAnyException();
    }

    @Test
    void aValueOutsideItsRangeIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> AgentSettings.check(settings(Map.of(
                "stress.agent.load_generators.network.connection_pool_size", "65"))))
                .hasMessageContaining("stress.agent.load_generators.network.connection_pool_size")
                .hasMessageContaining("65");
        assertThatThrownBy(() -> AgentSettings.check(settings(Map.of("stress.agent.sample_interval_ms", "10"))))
                .hasMessageContaining("stress.agent.sample_interval_ms must be between 50 and 1000, was 10");
        assertThatThrownBy(() -> AgentSettings.check(settings(Map.of("stress.agent.load_generators.io.file_size_mb", "0.5"))))
                .hasMessageContaining("stress.agent.load_generators.io.file_size_mb must be at least 1");
        assertThatThrownBy(() -> AgentSettings.check(settings(Map.of("stress.agent.load_generators.network.allowlist", ""))))
                .hasMessageContaining("stress.agent.load_generators.network.allowlist");
    }

    @Test
    void heartbeatsRarerThanHalfTheBrokerTimeoutAreRefusedSinceTheBrokerWatchGoesByTheirAcknowledgements() {
        AgentSettings defaults = settings(Map.of());
        assertThatCode(() -> new AgentHeartbeats(null, null, null, defaults, Duration.ofMillis(1500)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new AgentHeartbeats(null, null, null, defaults, Duration.ofSeconds(2)))
                .hasMessageContaining("stress.heartbeat.interval must be at most half of stress.agent.broker_timeout (PT3S), was PT2S");
        assertThatCode(() -> new AgentHeartbeats(null, null, null,
                settings(Map.of("stress.agent.broker_timeout", "4s")), Duration.ofSeconds(2))).doesNotThrowAnyException();
    }
}
