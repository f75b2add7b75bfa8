package io.stressfw.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.stressfw.orchestrator.cycle.ResourceTolerances;

import java.time.Duration;

/** How the cycle engine runs ({@code stress.cycle.*}). */
@ConfigMapping(prefix = "stress.cycle")
public interface CycleSettings {
    /** Engine tick period while a cycle runs. */
    @WithDefault("100ms")
    Duration tick();

    /**
     * Engine tick period while no cycle runs (at least {@code tick}, at most 1 h): then a tick only looks for departed
     * agents, a lost safety heartbeat and a recovery verdict that is due, and a start ticks at once.
     */
    @WithDefault("1s")
    Duration idleTick();

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

    /** Agents that must be present (heartbeating) for a start; a request's {@code min_agents} may ask for more. */
    @WithDefault("1")
    int minAgents();

    /** How often a start with {@code wait_for_fit} re-runs the pre-flight while the hosts are not fit. */
    @WithDefault("1s")
    Duration fitRetryInterval();

    /** Verdicts: how far, in load points, a resource may stay from its target during the hold. */
    Tolerance tolerance();

    interface Tolerance {
        @WithDefault("5")
        double cpu();

        @WithDefault("5")
        double memory();

        @WithDefault("10")
        double io();

        @WithDefault("10")
        double network();
    }

    /** The tolerances as the recorder applies them; a value outside 0-100 fails the start, naming the property. */
    default ResourceTolerances tolerances() {
        return new ResourceTolerances(tolerance().cpu(), tolerance().memory(), tolerance().io(), tolerance().network());
    }
}
