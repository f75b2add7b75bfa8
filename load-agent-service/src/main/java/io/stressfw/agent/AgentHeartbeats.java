package io.stressfw.agent;

import io.stressfw.agent.kafka.AgentKafka;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.service.Hosts;
import io.stressfw.service.ServiceIdentity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Announces the agent on {@code stress.heartbeats} at start and then every {@code stress.heartbeat.interval} (1 s:
 * the orchestrator's and the peers' time-outs are 3 s), with what it says about itself ({@link AgentAnnouncement}).
 * The {@link SamplePublisher}'s tick sends them, right after a sample when both are due: one thread wakes for both, and
 * the producer carries both in one request (an idle agent's one sample and one heartbeat a second were two).
 */
@Singleton
public class AgentHeartbeats {
    private final AgentKafka kafka;
    private final AgentRuntime runtime;
    private final ServiceIdentity identity;
    private final Duration interval;
    private final long startedAtMs = System.currentTimeMillis();
    /** When the last periodic heartbeat went out (monotonic ms); the publishing tick's thread only. */
    private long lastSentMs = Long.MIN_VALUE;

    @Inject
    public AgentHeartbeats(AgentKafka kafka, AgentRuntime runtime, ServiceIdentity identity, AgentSettings settings,
                           @ConfigProperty(name = "stress.heartbeat.interval", defaultValue = "1s") Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("stress.heartbeat.interval must be > 0, was " + interval);
        }
        if (interval.multipliedBy(2).compareTo(settings.brokerTimeout()) > 0) {
            // The broker watch goes by the acknowledgements of these heartbeats.
            throw new IllegalArgumentException("stress.heartbeat.interval must be at most half of stress.agent.broker_timeout ("
                    + settings.brokerTimeout() + "), was " + interval);
        }
        this.kafka = kafka;
        this.runtime = runtime;
        this.identity = identity;
        this.interval = interval;
    }

    long intervalMs() {
        return interval.toMillis();
    }

    /** Milliseconds from {@code nowMs} (monotonic) until the next periodic heartbeat is due; 0 when it is due now. */
    long untilDueMs(long nowMs) {
        return lastSentMs == Long.MIN_VALUE ? 0 : Math.max(0, lastSentMs + interval.toMillis() - nowMs);
    }

    /** The periodic heartbeat, if it is due at {@code nowMs} (monotonic); the publishing tick's thread only. */
    void publishIfDue(long nowMs) {
        if (untilDueMs(nowMs) == 0) {
            lastSentMs = nowMs;
            publishNow();
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
