package io.stressfw.agent;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An orderly shutdown (SIGTERM: a scale-down, a rolling update, a node drain) is a departure, not a failure: the
 * agent stops its load, then says so to the rest of the system before it goes. Its last heartbeat says it is leaving,
 * so that its peers on the host take over its share at once instead of after the peer timeout; its last sample is
 * marked {@code leaving}, so that safety does not take its silence for a stale source and stop the cycle. Both are
 * awaited for at most two seconds, and not at all while the broker watch finds the broker unreachable: then there is
 * nobody to tell, and a node drained during a broker outage must not spend its grace period waiting.
 */
@Singleton
public class AgentDeparture {
    private static final Logger LOG = Logger.getLogger(AgentDeparture.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(2);

    @Inject
    AgentRuntime runtime;
    @Inject
    SamplePublisher samples;
    @Inject
    AgentHeartbeats heartbeats;

    /** Before the other shutdown observers (the publishing timer's among them), while Kafka is still up. */
    void onShutdown(@Observes @Priority(100) ShutdownEvent event) {
        samples.stop();
        runtime.leave();
        if (runtime.brokerWatch() != null && !runtime.brokerWatch().reachable()) {
            LOG.infof("Agent %s stopped its load; the broker is unreachable, so its departure is not announced",
                    runtime.controller().agentId());
            return;
        }
        try {
            CompletableFuture.allOf(samples.publishLast(), heartbeats.publishNow())
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("Agent %s left: load stopped, last sample and heartbeat sent", runtime.controller().agentId());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf("Agent %s stopped its load, but could not announce its departure: %s", runtime.controller().agentId(),
                    e instanceof ExecutionException ? e.getCause().getMessage() : e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
