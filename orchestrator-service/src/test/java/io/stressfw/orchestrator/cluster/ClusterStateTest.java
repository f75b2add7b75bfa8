package io.stressfw.orchestrator.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stressfw.model.BreakerState;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.MetricSample;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Versioned;
import io.stressfw.orchestrator.cycle.MutableClock;
import io.stressfw.orchestrator.cycle.ServiceStubs;
import io.stressfw.orchestrator.live.LiveFeed;
import io.stressfw.service.AwakeTime;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** What the orchestrator keeps about sources, with a clock moved by hand. */
class ClusterStateTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long RETENTION_MS = Duration.ofMinutes(10).toMillis();

    private final MutableClock clock = new MutableClock(T0);
    private final ClusterState cluster = new ClusterState(new LiveFeed(ServiceStubs.noConnections(), new ObjectMapper()),
            ServiceStubs.orchestratorSettings(Path.of("unused")), ServiceStubs.safetySettings(), clock, clock::millis);

    @Test
    void heardNothingProvesNothingUntilTheOrchestratorHasListenedForAHeartbeatTimeout() {
        assertThat(cluster.safetyOnline()).isFalse();
        assertThat(cluster.listeningForFirstHeartbeats()).as("just started").isTrue();
        clock.advance(ServiceStubs.safetySettings().heartbeatTimeout().toMillis() - 1);
        assertThat(cluster.listeningForFirstHeartbeats()).isTrue();
        clock.advance(Math.max(ServiceStubs.safetySettings().heartbeatTimeout().toMillis(),
                ServiceStubs.orchestratorSettings(Path.of("unused")).agentTimeout().toMillis()));
        assertThat(cluster.listeningForFirstHeartbeats()).as("a whole timeout heard").isFalse();
    }

    /** A VM paused for a snapshot: 10 s in which nothing ran, the orchestrator, safety-service and agents alike. */
    @Test
    void aPauseOfTheOrchestratorItselfIsNoSilenceOfSafetyOrOfTheAgents() {
        Pausing pausing = new Pausing();
        pausing.cluster.onHeartbeat(heartbeat("safety-1", ServiceKind.SAFETY));
        pausing.cluster.onHeartbeat(heartbeat("agent-1", ServiceKind.AGENT));
        pausing.run(1_000);

        pausing.pause(10_000);

        assertThat(pausing.cluster.safetyOnline()).isTrue();
        pausing.cluster.sweep();
        assertThat(pausing.cluster.agents()).extracting(AgentView::id).containsExactly("agent-1");
        pausing.run(1_500);
        assertThat(pausing.cluster.safetyOnline()).as("2.6 s of silence while it ran").isTrue();
        pausing.run(500);
        assertThat(pausing.cluster.safetyOnline()).isFalse();
        assertThat(pausing.cluster.safetyLostReason()).isEqualTo("safety-service heartbeat lost: none for 3.1 s while "
                + "the orchestrator ran (time-out 3.0 s; the last arrived at 2023-11-14T22:13:20Z)");
        pausing.cluster.sweep();
        assertThat(pausing.cluster.agents()).isEmpty();
    }

    @Test
    void safetySilentWhileTheOrchestratorRunsIsLostAfterTheTimeOutHoweverBusyTheMachine() {
        Pausing pausing = new Pausing();
        pausing.cluster.onHeartbeat(heartbeat("safety-1", ServiceKind.SAFETY));
        // Woken 400 ms apart instead of 100: a busy machine, not a pause.
        for (int i = 0; i < 7; i++) {
            pausing.step(400);
        }
        assertThat(pausing.cluster.safetyOnline()).as("2.8 s").isTrue();
        pausing.step(400);
        assertThat(pausing.cluster.safetyOnline()).as("3.2 s").isFalse();
    }

    @Test
    void noSafetyHeartbeatSinceTheStartIsSaidSo() {
        assertThat(cluster.safetyLostReason()).isEqualTo("safety-service heartbeat lost: none heard since the orchestrator started");
    }

    /** A cluster state whose awake time moves with the clock while the process runs, and not while it is paused. */
    private final class Pausing {
        private final AtomicLong monotonic = new AtomicLong();
        private final AwakeTime awake = new AwakeTime(monotonic::get, Duration.ofMillis(100), Duration.ofMillis(500));
        private final ClusterState cluster = new ClusterState(new LiveFeed(ServiceStubs.noConnections(), new ObjectMapper()),
                ServiceStubs.orchestratorSettings(Path.of("unused")), ServiceStubs.safetySettings(), clock, awake);

        void run(long ms) {
            for (long t = 0; t < ms; t += 100) {
                step(100);
            }
        }

        void step(long ms) {
            clock.advance(ms);
            monotonic.addAndGet(ms * 1_000_000);
            awake.nanos();
        }

        void pause(long ms) {
            clock.advance(ms);
            monotonic.addAndGet(ms * 1_000_000);
        }
    }

    private Heartbeat heartbeat(String id, ServiceKind kind) {
        return new Heartbeat(Versioned.SCHEMA_VERSION, id, kind, "test", "host-" + id, clock.millis() - 1000,
                clock.millis(), Map.of());
    }

    @Test
    void breakersSilentPastTheRetentionAreForgotten() {
        cluster.onBreaker(transition("cpu@gone-host", BreakerState.HALF_OPEN));
        clock.advance(RETENTION_MS / 2);
        cluster.onBreaker(transition("cpu@live-host", BreakerState.OPEN));

        clock.advance(RETENTION_MS / 2 + 1);
        cluster.sweep();

        assertThat(cluster.breakers()).extracting(BreakerTransition::breakerId).containsExactly("cpu@live-host");
        clock.advance(RETENTION_MS);
        cluster.sweep();
        assertThat(cluster.breakers()).isEmpty();
    }

    @Test
    void hostsSilentPastTheRetentionAreForgotten() {
        cluster.onSample(host("gone-host"));
        clock.advance(RETENTION_MS / 2);
        cluster.onSample(host("live-host"));

        clock.advance(RETENTION_MS / 2 + 1);
        cluster.sweep();

        assertThat(cluster.hostIds()).containsExactly("live-host");
    }

    private BreakerTransition transition(String breakerId, BreakerState to) {
        String[] parts = breakerId.split("@");
        return new BreakerTransition(Versioned.SCHEMA_VERSION, clock.millis(), breakerId, parts[0], parts[1],
                BreakerState.CLOSED, to, "test");
    }

    private MetricSample host(String id) {
        return new MetricSample(Versioned.SCHEMA_VERSION, id, SourceKind.HOST, id, clock.millis(), null, null,
                Map.of("cpu_usage", 10.0), Map.of());
    }
}
