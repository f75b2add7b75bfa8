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

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Emergency-stop latency while the history's disk is slow. Not a test (not run by verify):
 * {@code java -cp ... io.stressfw.orchestrator.cycle.EmergencyStopLatencyBench [writeMs] [iterations]}.
 * Each iteration starts a cycle, whose start saves reports; as soon as a report write begins (and takes
 * {@code writeMs}), another thread calls {@code emergencyStop}; the figure is the time from that call to the emergency
 * StopCommand handed to the commands channel. The disk is simulated by a store whose every write takes writeMs.
 */
public final class EmergencyStopLatencyBench {
    private EmergencyStopLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        long writeMs = args.length > 0 ? Long.parseLong(args[0]) : 50;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        Path dataDir = Files.createTempDirectory("stop-latency");
        OrchestratorSettings orchestrator = ServiceStubs.orchestratorSettings(dataDir);
        AtomicReference<CountDownLatch> writeStarted = new AtomicReference<>(new CountDownLatch(1));
        CycleHistory history = new CycleHistory(mapper, new InMemoryHistoryStore() {
            @Override
            protected void beforeWrite(String cycleId) {
                writeStarted.get().countDown();
                sleep(writeMs);
            }
        }, 1000);
        AtomicLong stopSentNanos = new AtomicLong();
        MutinyEmitter<String> commands = channel(payload -> {
            if (payload.contains("\"mode\":\"emergency\"")) {
                stopSentNanos.compareAndSet(0, System.nanoTime());
            }
        });
        LiveFeed feed = new LiveFeed(ServiceStubs.noConnections(), mapper);
        Clock clock = Clock.systemUTC();
        ClusterState cluster = new ClusterState(feed, orchestrator, ServiceStubs.safetySettings(), clock, clock::millis);
        String cycles = Path.of(EmergencyStopLatencyBench.class.getClassLoader().getResource("test_cycles.yaml").toURI())
                .toString();
        CyclePlans plans = new CyclePlans(() -> Optional.of(cycles));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CycleService service = new CycleService(commands, channel(payload -> { }), new OutboundMessages(registry),
                cluster, feed, history, new WebhookNotifier(orchestrator, mapper, registry, clock), new HttpProbe(orchestrator), new io.stressfw.orchestrator.probe.ProbeReadings(clock),
                plans, ServiceStubs.cycleSettings(), ServiceStubs.identity(), registry, clock);

        List<Double> latenciesMs = new ArrayList<>();
        for (int i = 0; i < iterations + 5; i++) {
            CountDownLatch started = new CountDownLatch(1);
            writeStarted.set(started);
            stopSentNanos.set(0);
            CompletableFuture<?> start = CompletableFuture.runAsync(() ->
                    service.start(plans.plan(List.of(Phase.IDLE, Phase.MEDIUM)), new SafetyOverride(true, true, "test-admin")));
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no report write began");
            }
            long called = System.nanoTime();
            service.emergencyStop(AbortedBy.OPERATOR, "bench");
            start.get(30, TimeUnit.SECONDS);
            if (i >= 5) {
                latenciesMs.add((stopSentNanos.get() - called) / 1e6);
            }
            while (service.running()) {
                service.emergencyStop(AbortedBy.OPERATOR, "bench cleanup");
            }
            sleep(3 * writeMs);
        }
        Collections.sort(latenciesMs);
        System.out.printf("write %d ms, %d stops: call -> stop sent p50 %.3f ms, p95 %.3f ms, max %.3f ms%n", writeMs,
                latenciesMs.size(), pct(latenciesMs, 0.5), pct(latenciesMs, 0.95), latenciesMs.get(latenciesMs.size() - 1));
        System.exit(0);
    }

    private static double pct(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private static MutinyEmitter<String> channel(java.util.function.Consumer<String> sink) {
        return (MutinyEmitter<String>) Proxy.newProxyInstance(EmergencyStopLatencyBench.class.getClassLoader(),
                new Class<?>[]{MutinyEmitter.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("sendMessage")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    sink.accept(((Message<String>) args[0]).getPayload());
                    return Uni.createFrom().voidItem();
                });
    }
}
