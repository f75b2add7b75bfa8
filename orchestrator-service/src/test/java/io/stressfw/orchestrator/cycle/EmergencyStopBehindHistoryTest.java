package io.stressfw.orchestrator.cycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.stressfw.model.AbortedBy;
import io.stressfw.model.Phase;
import io.stressfw.orchestrator.cluster.ClusterState;
import io.stressfw.orchestrator.config.CyclePlans;
import io.stressfw.orchestrator.config.OrchestratorSettings;
import io.stressfw.orchestrator.history.CycleHistory;
import io.stressfw.orchestrator.history.InMemoryHistoryStore;
import io.stressfw.orchestrator.integration.HttpProbe;
import io.stressfw.orchestrator.integration.WebhookNotifier;
import io.stressfw.orchestrator.live.LiveFeed;
import io.stressfw.service.OutboundMessages;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An emergency stop never waits for the history's disk: the write of a report may hang, the stop goes out. */
class EmergencyStopBehindHistoryTest {
    private static final long START_MS = 1_700_000_000_000L;

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(START_MS);
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final CountDownLatch writeEntered = new CountDownLatch(1);
    private final CountDownLatch releaseWrite = new CountDownLatch(1);
    private volatile boolean hangWrites;

    @AfterEach
    void release() {
        releaseWrite.countDown();
    }

    /** A disk that hangs: once armed, every report write waits until the test releases it. */
    private final class HangingStore extends InMemoryHistoryStore {
        @Override
        protected void beforeWrite(String cycleId) {
            if (hangWrites) {
                writeEntered.countDown();
                try {
                    releaseWrite.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void anEmergencyStopGoesOutWhileAReportWriteHangs() throws Exception {
        ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        OrchestratorSettings orchestrator = ServiceStubs.orchestratorSettings(dataDir);
        LiveFeed feed = new LiveFeed(ServiceStubs.noConnections(), mapper);
        ClusterState cluster = new ClusterState(feed, orchestrator, ServiceStubs.safetySettings(), clock, clock::millis);
        String cycles = Path.of(getClass().getClassLoader().getResource("test_cycles.yaml").toURI()).toString();
        CyclePlans plans = new CyclePlans(() -> Optional.of(cycles));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CycleService service = new CycleService(channel(commands), channel(new CopyOnWriteArrayList<>()),
                new OutboundMessages(registry), cluster, feed, new CycleHistory(mapper, new HangingStore(), 1000),
                new WebhookNotifier(orchestrator, mapper, registry, clock), new HttpProbe(orchestrator), new io.stressfw.orchestrator.probe.ProbeReadings(clock), plans,
                ServiceStubs.cycleSettings(), ServiceStubs.identity(), registry, clock);
        service.start(plans.plan(List.of(Phase.IDLE, Phase.MEDIUM)), new SafetyOverride(true, true, "test-admin"));

        // The engine's thread moves IDLE on to MEDIUM: phase events, each saved to the history, whose disk hangs.
        hangWrites = true;
        CompletableFuture<Void> ticking = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 20 && service.running(); i++) {
                clock.advance(100);
                service.tick();
            }
        });
        assertThat(writeEntered.await(10, TimeUnit.SECONDS)).as("a report write started and hangs").isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() ->
                service.emergencyStop(AbortedBy.OPERATOR, "stop now"));

        try {
            stopping.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // falls through to the assertion below, which names what is missing
        }
        assertThat(commands).as("the emergency stop was sent while the history write still hangs")
                .anySatisfy(c -> assertThat(c).contains("\"mode\":\"emergency\""));
        releaseWrite.countDown();
        ticking.get(10, TimeUnit.SECONDS);
        stopping.get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private static MutinyEmitter<String> channel(List<String> sink) {
        return (MutinyEmitter<String>) Proxy.newProxyInstance(EmergencyStopBehindHistoryTest.class.getClassLoader(),
                new Class<?>[]{MutinyEmitter.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("sendMessage")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    sink.add(((Message<String>) args[0]).getPayload());
                    return Uni.createFrom().voidItem();
                });
    }
}
