package io.stressfw.agent.control;

import io.stressfw.kafka.KafkaBrokerExtension;
import io.stressfw.model.Phase;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.stressfw.agent.control.TwoAgentsRealBrokerTest.WEIGHTS;
import static io.stressfw.agent.control.TwoAgentsRealBrokerTest.bothRunning;
import static io.stressfw.agent.control.TwoAgentsRealBrokerTest.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two agents against a real broker, fed by a test "orchestrator" that renews like the real one (every 250 ms, a new
 * sequence each time, the epoch unchanged until it means a new setpoint): leases behave the same whatever the agents'
 * wall clocks say, and a stop sticks through renewals until a new phase.
 */
class FailSafeRealBrokerTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final long TEN_MINUTES_MS = 600_000;
    private static final long LEASE_MS = 2000;
    @TempDir
    Path scratchBase;
    private final String cycle = "cycle-" + UUID.randomUUID();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong epoch = new AtomicLong(1);
    private final ScheduledExecutorService orchestrator = Executors.newSingleThreadScheduledExecutor();
    /** When the test orchestrator last sent a renewal, on this process's monotonic clock. */
    private volatile long lastRenewalNanos;
    private KafkaProducer<String, String> producer;

    @AfterEach
    void tearDown() {
        orchestrator.shutdownNow();
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }

    private void renewEvery250Ms() {
        producer = TwoAgentsRealBrokerTest.producer(KAFKA.bootstrapServers());
        orchestrator.scheduleAtFixedRate(() -> {
            // Before the send: no agent can have received the renewal earlier.
            lastRenewalNanos = System.nanoTime();
            send(producer, Topics.COMMANDS, TestAgents.phase(cycle, sequence.incrementAndGet(), epoch.get(),
                    System.currentTimeMillis(), LEASE_MS, 15, WEIGHTS, 0, null));
        }, 0, 250, TimeUnit.MILLISECONDS);
    }

    private static TestAgents.Builder skewed(String id, Path scratchBase, long offsetMs) {
        return TestAgents.builder(id, scratchBase)
                .clock(new AgentClock(System::nanoTime, () -> System.currentTimeMillis() + offsetMs));
    }

    @Test
    void agentsWhoseWallClocksAreMinutesOffLeaseExactlyAsASynchronizedOne() throws Exception {
        try (BroadcastAgent ahead = new BroadcastAgent("agent-ahead", skewed("agent-ahead", scratchBase, TEN_MINUTES_MS), KAFKA.bootstrapServers());
             BroadcastAgent behind = new BroadcastAgent("agent-behind", skewed("agent-behind", scratchBase, -TEN_MINUTES_MS), KAFKA.bootstrapServers());
             BroadcastAgent synced = new BroadcastAgent("agent-synced", scratchBase, KAFKA.bootstrapServers())) {
            List<BroadcastAgent> agents = List.of(ahead, behind, synced);
            renewEvery250Ms();
            await().atMost(Duration.ofSeconds(10)).until(() -> agents.stream().allMatch(a -> a.controller().state() == AgentState.RUNNING));
            // Longer than the lease: only the renewals can keep them running all along.
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10)).until(() ->
                    agents.stream().allMatch(a -> a.controller().state() == AgentState.RUNNING));

            orchestrator.shutdownNow();
            assertThat(orchestrator.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            long last = lastRenewalNanos;
            Map<String, Long> stoppedAfterMs = new ConcurrentHashMap<>();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
                for (BroadcastAgent a : agents) {
                    if (a.controller().state() == AgentState.STOPPED) {
                        stoppedAfterMs.putIfAbsent(a.controller().agentId(), (System.nanoTime() - last) / 1_000_000);
                    }
                }
                return stoppedAfterMs.size() == agents.size();
            });

            for (BroadcastAgent a : agents) {
                AgentStatus status = a.controller().status();
                assertThat(status.lastStopReason()).contains("without renewal");
                // A stop signals the worker threads; each ends at its next check (CI saw one still alive right after).
                await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                        assertThat(a.controller().resources()).as(a.controller().agentId())
                                .satisfies(r -> assertThat(r.released()).as("%s", r).isTrue()));
                // The lease starts when the last renewal arrives (a few ms after it was sent) and lasts 2 s on the
                // agent's monotonic clock; the test polls every 5 ms and a tick comes every 20 ms.
                assertThat(stoppedAfterMs.get(a.controller().agentId())).as(a.controller().agentId())
                        .isBetween(LEASE_MS, LEASE_MS + 500);
            }
            assertThat(ahead.controller().clockSkewMs()).isBetween(TEN_MINUTES_MS, TEN_MINUTES_MS + 1000);
            assertThat(behind.controller().clockSkewMs()).isBetween(-TEN_MINUTES_MS, -TEN_MINUTES_MS + 1000);
            assertThat(ahead.controller().status().notes().get("clock_skew")).contains("ahead of the orchestrator's");
            assertThat(synced.controller().status().notes()).doesNotContainKey("clock_skew");
        }
    }

    @Test
    void aRenewalAfterAViolationStopDoesNotRestartLoadANewPhaseDoes() throws Exception {
        try (BroadcastAgent a = new BroadcastAgent("agent-a", scratchBase, KAFKA.bootstrapServers());
             BroadcastAgent b = new BroadcastAgent("agent-b", scratchBase, KAFKA.bootstrapServers())) {
            renewEvery250Ms();
            await().atMost(Duration.ofSeconds(10)).until(() -> bothRunning(a, b));

            send(producer, Topics.VIOLATIONS, new Violation(Versioned.SCHEMA_VERSION, "v-" + UUID.randomUUID(),
                    System.currentTimeMillis(), "cpu-critical", "cpu_usage", 97.0, 95, Severity.CRITICAL,
                    SafetyAction.STOP, "agent-a", cycle, Phase.LIGHT, "cpu above 95%"));
            TwoAgentsRealBrokerTest.assertBothStopped(List.of(a, b), "cpu-critical");
            long renewalsBefore = sequence.get();

            // Renewals go on (the orchestrator has not seen the violation yet): the agents stay stopped.
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() ->
                    a.controller().state() == AgentState.STOPPED && b.controller().state() == AgentState.STOPPED
                            && a.controller().resources().released() && b.controller().resources().released());
            assertThat(sequence.get() - renewalsBefore).as("renewals sent meanwhile").isGreaterThanOrEqualTo(5);

            epoch.incrementAndGet();
            await().atMost(Duration.ofSeconds(5)).until(() -> bothRunning(a, b));
            assertThat(a.controller().status().epoch()).isEqualTo(2);
        }
    }
}
