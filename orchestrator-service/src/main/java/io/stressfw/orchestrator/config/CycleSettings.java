package io.stressfw.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the cycle engine runs ({@code stress.cycle.*}). */
@ConfigMapping(prefix = "stress.cycle")
public interface CycleSettings {
    /** Engine tick period. */
    @WithDefault("100ms")
    Duration tick();

    /** Lease given to agents with each phase command. */
    @WithDefault("5s")
    Duration lease();

    /** Phase commands are re-sent at least this often (renews the agents' lease); at most 1 s. */
    @WithDefault("500ms")
    Duration commandInterval();

    /** How often an adaptive phase evaluates the system's response. */
    @WithDefault("1s")
    Duration adaptiveInterval();

    /** Load points a throttle violation removes from the current phase. */
    @WithDefault("10")
    double throttleStep();

    /** How long POST /emergency/stop waits for Kafka's acknowledgement before answering 503. */
    @WithDefault("5s")
    Duration emergencyAckTimeout();
}
