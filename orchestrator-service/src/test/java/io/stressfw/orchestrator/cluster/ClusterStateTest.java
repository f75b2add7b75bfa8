package io.stressfw.orchestrator.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stressfw.model.BreakerState;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.MetricSample;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Versioned;
import io.stressfw.orchestrator.cycle.MutableClock;
import io.stressfw.orchestrator.cycle.ServiceStubs;
import io.stressfw.orchestrator.live.LiveFeed;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the orchestrator keeps about sources, with a clock moved by hand. */
class ClusterStateTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long RETENTION_MS = Duration.ofMinutes(10).toMillis();

    private final MutableClock clock = new MutableClock(T0);
    private final ClusterState cluster = new ClusterState(new LiveFeed(ServiceStubs.noConnections(), new ObjectMapper()),
            ServiceStubs.orchestratorSettings(Path.of("unused")), ServiceStubs.safetySettings(), clock);

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
