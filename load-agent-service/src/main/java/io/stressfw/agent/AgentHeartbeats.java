package io.stressfw.agent;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.agent.kafka.AgentKafka;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.service.Hosts;
import io.stressfw.service.ServiceIdentity;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Announces the agent on {@code stress.heartbeats} at start and then every {@code stress.heartbeat.interval} (1 s:
 * the orchestrator's and the peers' time-outs are 3 s), with what it says about itself ({@link AgentAnnouncement}).
 */
@Singleton
public class AgentHeartbeats {
    private final AgentKafka kafka;
    private final AgentRuntime runtime;
    private final ServiceIdentity identity;
    private final Duration interval;
    private final long startedAtMs = System.currentTimeMillis();
    private ScheduledExecutorService timer;

    @Inject
    public AgentHeartbeats(AgentKafka kafka, AgentRuntime runtime, ServiceIdentity identity,
                           @ConfigProperty(name = "stress.heartbeat.interval", defaultValue = "1s") Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("stress.heartbeat.interval must be > 0, was " + interval);
        }
        this.kafka = kafka;
        this.runtime = runtime;
        this.identity = identity;
        this.interval = interval;
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-heartbeats");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::publishNow, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    public Heartbeat current() {
        return new Heartbeat(Versioned.SCHEMA_VERSION, identity.instanceId(), identity.kind(), identity.version(),
                Hosts.hostname(), startedAtMs, System.currentTimeMillis(), runtime.capabilities());
    }

    /**
     * A heartbeat now, besides the periodic ones (the departure's). Completes when Kafka acknowledged it; a failure
     * is counted, and logged at DEBUG only: the next tick tries again.
     */
    public CompletableFuture<Void> publishNow() {
        try {
            Heartbeat heartbeat = current();
            return kafka.producer().send(Topics.HEARTBEATS, heartbeat.instanceId(), heartbeat, Logger.Level.DEBUG);
        } catch (RuntimeException e) {
            // A heartbeat that cannot be put together must not end the timer.
            return CompletableFuture.failedFuture(e);
        }
    }
}
