package io.stressfw.orchestrator.cycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.SourceKind;
import io.stressfw.model.WireCodec;
import io.stressfw.orchestrator.cluster.ClusterState;
import io.stressfw.orchestrator.config.CyclePlans;
import io.stressfw.plan.PlanParser;
import io.stressfw.plan.StressPlan;
import io.stressfw.orchestrator.config.OrchestratorSettings;
import io.stressfw.orchestrator.history.CycleHistory;
import io.stressfw.orchestrator.history.CycleRunReport;
import io.stressfw.orchestrator.integration.HttpProbe;
import io.stressfw.orchestrator.integration.WebhookNotifier;
import io.stressfw.orchestrator.live.LiveFeed;
import io.stressfw.orchestrator.probe.KnobService;
import io.stressfw.orchestrator.probe.ProbeReadings;
import io.stressfw.orchestrator.probe.ProbeService;
import io.stressfw.service.OutboundMessages;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cycle service with the plan's probes running for real against a real HTTP service on loopback: probe samples
 * carry the running cycle, and a steady-state probe decides whether a completed cycle recovered. The cycle's clock is
 * moved by hand; the probes run on their own threads at their interval.
 */
class ProbeCycleTest {
    private static final long START_MS = 1_700_000_000_000L;

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(START_MS);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private final List<String> probeSamples = new CopyOnWriteArrayList<>();
    private final KnobService shop = new KnobService();
    private final ProbeReadings readings = new ProbeReadings(clock);
    private CycleService service;
    private CycleHistory history;
    private ProbeService probes;
    private CyclePlans plans;
    private String cyclesText;

    @BeforeEach
    void setUp() throws Exception {
        Path cycles = dataDir.resolve("cycles.yaml");
        // A probe's timeout is at most its interval: at 100 ms, a healthy service on a machine busy with the build
        // failed some attempts, so the probe runs every second (a 1 s timeout) over a 2 s window.
        Files.writeString(cycles, Files.readString(Path.of(getClass().getClassLoader().getResource("test_cycles.yaml").toURI()))
                + "\nprobes:\n  checkout: {type: http, url: \"" + shop.uri("/checkout")
                + "\", interval: 1s, window: 2s, steady_state: true}\n");
        cyclesText = Files.readString(cycles);
        plans = new CyclePlans(() -> Optional.of(cycles.toString()));
        OrchestratorSettings orchestrator = ServiceStubs.orchestratorSettings(dataDir);
        LiveFeed feed = new LiveFeed(ServiceStubs.noConnections(), mapper);
        ClusterState cluster = new ClusterState(feed, orchestrator, ServiceStubs.safetySettings(), clock, clock::millis);
        history = new CycleHistory(mapper, orchestrator);
        service = new CycleService(channel(null), channel(null), new OutboundMessages(registry), cluster, feed,
                history, new WebhookNotifier(orchestrator, mapper, registry, clock),
                new HttpProbe(orchestrator), readings, plans, ServiceStubs.cycleSettings(), ServiceStubs.identity(),
                registry, clock);
        probes = new ProbeService(channel(probeSamples), new OutboundMessages(registry), plans, service, readings,
                Clock.systemUTC());
        probes.start();
    }

    @AfterEach
    void tearDown() {
        probes.stop();
        shop.close();
        history.close();
    }

    @Test
    void probeSamplesCarryTheRunningCycleAndPhase() {
        String cycleId = service.start(new CyclePlans(() -> Optional.of(resource())).plan(List.of(Phase.MEDIUM)), new SafetyOverride(true, true, "test-admin")).cycleId();

        awaitTrue(() -> probeSamples.stream().map(ProbeCycleTest::decode).anyMatch(s -> cycleId.equals(s.cycleId())));

        MetricSample sample = probeSamples.stream().map(ProbeCycleTest::decode).filter(s -> cycleId.equals(s.cycleId()))
                .findFirst().orElseThrow();
        assertThat(sample.sourceId()).isEqualTo("probe:checkout");
        assertThat(sample.sourceKind()).isEqualTo(SourceKind.PROBE);
        assertThat(sample.phase()).isEqualTo(Phase.MEDIUM);
        assertThat(sample.metrics()).containsKeys("probe.checkout.p95_ms", "probe.checkout.error_rate");
    }

    @Test
    void aServiceThatFailsAfterTheRampDownLeavesTheCycleNotRecovered() {
        String cycleId = runLightCycle();
        assertThat(report(cycleId).outcome()).isEqualTo(CycleRunReport.RECOVERING);

        shop.status(503);
        awaitTrue(() -> Double.valueOf(1.0).equals(readings.all().get("probe.checkout.error_rate")));
        clock.advance(2_000);
        service.tick();

        CycleRunReport report = report(cycleId);
        assertThat(report.outcome()).isEqualTo(CycleRunReport.NOT_RECOVERED);
        assertThat(report.verdictReason()).endsWith("; the service did not recover after the ramp-down: probe checkout "
                + "failed 100% of its attempts in its 2s window");
        assertThat(service.lastCycle().outcome()).isEqualTo(CycleRunReport.NOT_RECOVERED);
    }

    @Test
    void aServiceThatStaysHealthyKeepsTheOutcomeItHadBeforeTheCheck() {
        String cycleId = runLightCycle();
        awaitTrue(() -> readings.all().containsKey("probe.checkout.error_rate"));
        clock.advance(2_000);
        service.tick();

        CycleRunReport report = report(cycleId);
        // No agent ran the load in this test: the cycle held under its target, and it recovered.
        assertThat(report.outcome()).isEqualTo(CycleRunReport.UNDER_TARGET);
        assertThat(report.recovery()).containsEntry("recovered", true);
    }

    @Test
    void aPlanSentWithAStartJudgesTheRecoveryByItsOwnSlo() {
        // The running probe, as the configured plan declares it, and an SLO no real HTTP round trip can meet.
        StressPlan sent = PlanParser.parse(cyclesText + "slo:\n  objectives: {probe.checkout.p95_ms: 0.001}\n",
                "request body", PlanParser.Require.PHASES);
        String cycleId = runLightCycle(PlanOrigin.inline(sent, cyclesText, plans.file()));
        awaitTrue(() -> readings.all().containsKey("probe.checkout.p95_ms"));
        clock.advance(2_000);
        service.tick();

        CycleRunReport report = report(cycleId);
        assertThat(report.outcome()).isEqualTo(CycleRunReport.NOT_RECOVERED);
        assertThat(report.verdictReason()).contains("probe.checkout.p95_ms = ").contains("breaks the SLO");
        assertThat(report.planSource()).isEqualTo("request body");
    }

    private String runLightCycle() {
        return runLightCycle(PlanOrigin.configured(plans.file()));
    }

    /** LIGHT to its end by the manual clock; its id. */
    private String runLightCycle(PlanOrigin origin) {
        String cycleId = service.start(new CyclePlans(() -> Optional.of(resource())).plan(List.of(Phase.LIGHT)),
                new SafetyOverride(true, true, "test-admin"), origin).cycleId();
        for (int i = 0; i < 60 && service.running(); i++) {
            clock.advance(100);
            service.tick();
        }
        assertThat(service.running()).isFalse();
        assertThat(service.lastCycle().cycleId()).isEqualTo(cycleId);
        return cycleId;
    }

    /** The report as the service saved it last. */
    private CycleRunReport report(String cycleId) {
        return history.get(cycleId).orElseThrow();
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
            LockSupport.parkNanos(20_000_000L);
        }
    }

    private static MetricSample decode(String json) {
        try {
            return WireCodec.decode(json, MetricSample.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource() {
        try {
            return Path.of(ProbeCycleTest.class.getClassLoader().getResource("test_cycles.yaml").toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private MutinyEmitter<String> channel(List<String> sink) {
        return (MutinyEmitter<String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{MutinyEmitter.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("sendMessage")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (sink != null) {
                        sink.add(((Message<String>) args[0]).getPayload());
                    }
                    return Uni.createFrom().voidItem();
                });
    }
}
