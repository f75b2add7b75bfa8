package io.stressfw.agent.probe;

import com.sun.net.httpserver.HttpServer;
import io.stressfw.model.AgentProbeAssignment;
import io.stressfw.model.ProbeSpec;
import io.stressfw.model.ProbeSpecParser;
import io.stressfw.service.probe.ProbeRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An agent probing a real HTTP server on loopback as the orchestrator's assignments say, on a clock moved by hand. */
class AgentProbingTest {
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Map<String, Double>> published = new CopyOnWriteArrayList<>();
    private final AtomicLong monotonicMs = new AtomicLong(1_000);
    private AgentProbing probing;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/health", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        probing = new AgentProbing(new ProbeRunners(Clock.systemUTC()), (spec, attempt, metrics) -> published.add(metrics),
                monotonicMs::get);
    }

    @AfterEach
    void stop() {
        probing.close();
        server.stop(0);
    }

    private AgentProbeAssignment assignment(String interval) {
        Map<String, ProbeSpec> probes = ProbeSpecParser.parseAll(Map.of("health", Map.of("type", "http",
                "url", "http://127.0.0.1:" + server.getAddress().getPort() + "/health", "interval", interval,
                "run_on", "agents")), "probes");
        return AgentProbeAssignment.of(probes);
    }

    @Test
    void anAssignmentStartsProbingAndEachAttemptIsPublishedWithItsWindowStatistics() {
        probing.onAssignment(assignment("100ms"));

        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() >= 3);
        assertThat(probing.running()).containsOnlyKeys("health");
        assertThat(published.get(published.size() - 1)).containsKeys("probe.health.latency_ms", "probe.health.p95_ms",
                "probe.health.error_rate", "probe.health.samples");
        assertThat(published.get(published.size() - 1).get("probe.health.error_rate")).isZero();
    }

    @Test
    void theSameAssignmentOnlyRenewsTheLeaseAndTheProbeStopsWhenTheLeaseRunsOut() {
        probing.onAssignment(assignment("100ms"));
        monotonicMs.addAndGet(AgentProbeAssignment.DEFAULT_LEASE_MS - 1);
        probing.onAssignment(assignment("100ms"));
        monotonicMs.addAndGet(AgentProbeAssignment.DEFAULT_LEASE_MS - 1);

        assertThat(probing.expire()).as("renewed by the second heartbeat").isFalse();
        assertThat(probing.running()).containsOnlyKeys("health");

        monotonicMs.addAndGet(1);
        assertThat(probing.expire()).isTrue();
        assertThat(probing.running()).isEmpty();
        assertNoMoreRequests();
    }

    @Test
    void anOrchestratorThatAssignsNothingStopsTheProbesAndAnotherAssignmentReplacesThem() {
        probing.onAssignment(assignment("100ms"));
        probing.onAssignment(assignment("200ms"));
        assertThat(probing.running().get("health").settings().interval()).isEqualTo(Duration.ofMillis(200));

        probing.onNoAssignment();

        assertThat(probing.running()).isEmpty();
        assertNoMoreRequests();
    }

    /** No request arrives over a second after the last one in flight. */
    private void assertNoMoreRequests() {
        int[] seen = {requests.get()};
        long[] since = {System.nanoTime()};
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            int now = requests.get();
            if (now != seen[0]) {
                seen[0] = now;
                since[0] = System.nanoTime();
            }
            return System.nanoTime() - since[0] > 1_000_000_000L;
        });
        assertThat(requests.get()).isEqualTo(seen[0]);
    }
}
