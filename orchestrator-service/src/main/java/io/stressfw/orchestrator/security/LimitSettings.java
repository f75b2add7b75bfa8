package io.stressfw.orchestrator.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/** Request limits of the control surface ({@code stress.limits.*}); body and WebSocket message sizes are Quarkus keys. */
@ConfigMapping(prefix = "stress.limits")
public interface LimitSettings {
    StartRate startRate();

    WebSockets ws();

    /** POST /cycle/start and /cycle/quick (and the WebSocket start/quick commands) share one token bucket. */
    interface StartRate {
        /** Requests allowed in a burst; the bucket refills at this many per period. */
        @WithDefault("5")
        @Min(1)
        int capacity();

        @WithDefault("10s")
        Duration period();
    }

    interface WebSockets {
        /** Concurrent /ws connections; an upgrade over the cap is refused with 503. */
        @WithDefault("200")
        @Min(1)
        @Max(100_000)
        int maxConnections();
    }
}
