package io.stressfw.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.Versioned;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Announces this instance on {@code stress.heartbeats} at start and then every {@code stress.heartbeat.interval}. */
@ApplicationScoped
public class HeartbeatPublisher {
    private final MutinyEmitter<String> heartbeats;
    private final OutboundMessages outbound;
    private final ServiceIdentity identity;
    private final Instance<HeartbeatCapabilities> capabilities;
    private final Vertx vertx;
    private final Duration interval;
    private final long startedAtMs = System.currentTimeMillis();
    private long timerId = -1;

    @Inject
    public HeartbeatPublisher(@Channel("heartbeats-out") MutinyEmitter<String> heartbeats, OutboundMessages outbound,
                              ServiceIdentity identity,
                              Instance<HeartbeatCapabilities> capabilities, Vertx vertx,
                              @ConfigProperty(name = "stress.heartbeat.interval", defaultValue = "1s") Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("stress.heartbeat.interval must be > 0, was " + interval);
        }
        this.heartbeats = heartbeats;
        this.outbound = outbound;
        this.identity = identity;
        this.capabilities = capabilities;
        this.vertx = vertx;
        this.interval = interval;
    }

    void onStart(@Observes StartupEvent event) {
        publish();
        timerId = vertx.setPeriodic(interval.toMillis(), id -> publish());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    public Heartbeat current() {
        Map<String, Object> caps = new LinkedHashMap<>();
        capabilities.forEach(c -> caps.putAll(c.capabilities()));
        return new Heartbeat(Versioned.SCHEMA_VERSION, identity.instanceId(), identity.kind(), identity.version(),
                Hosts.hostname(), startedAtMs, System.currentTimeMillis(), caps);
    }

    /**
     * A heartbeat now, besides the periodic ones: an instance announces a change at once (an agent leaving). The Uni
     * completes when Kafka acknowledged it (a failure is counted and logged already).
     */
    public Uni<Void> publishNow() {
        Heartbeat heartbeat = current();
        // The broker may be away: the next tick tries again, so a lost heartbeat is only worth a DEBUG line.
        return outbound.send(heartbeats, heartbeat.instanceId(), heartbeat, Logger.Level.DEBUG);
    }

    private void publish() {
        publishNow();
    }
}
