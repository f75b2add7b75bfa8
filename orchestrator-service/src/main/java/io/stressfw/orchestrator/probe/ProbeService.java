package io.stressfw.orchestrator.probe;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.stressfw.model.MetricSample;
import io.stressfw.model.ProbeSite;
import io.stressfw.model.ProbeSources;
import io.stressfw.model.ProbeSpec;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Versioned;
import io.stressfw.orchestrator.config.CyclePlans;
import io.stressfw.orchestrator.cycle.CycleService;
import io.stressfw.orchestrator.cycle.EngineSnapshot;
import io.stressfw.service.Hosts;
import io.stressfw.service.OutboundMessages;
import io.stressfw.service.probe.ProbeAttempt;
import io.stressfw.service.probe.ProbeRunners;
import io.stressfw.service.probe.ProbeScheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the plan's {@code probes:} that run on the orchestrator (all but {@code run_on: agents}, which the agents run:
 * {@link AgentProbesAnnouncement}), from start-up on (the baseline before a cycle matters as much as the load), and
 * publishes each attempt as a {@code probe} sample on {@code stress.samples}, keyed and identified
 * {@code probe:<name>}, tagged with the cycle and phase under way.
 */
@Startup
@ApplicationScoped
public class ProbeService {
    private static final Logger LOG = Logger.getLogger(ProbeService.class);

    private final MutinyEmitter<String> samples;
    private final OutboundMessages outbound;
    private final CyclePlans plans;
    private final CycleService cycles;
    private final ProbeReadings readings;
    private final Clock clock;
    private ProbeScheduler scheduler;

    @Inject
    public ProbeService(@Channel("probe-samples-out") MutinyEmitter<String> samples, OutboundMessages outbound,
                        CyclePlans plans, CycleService cycles, ProbeReadings readings, Clock clock) {
        this.samples = samples;
        this.outbound = outbound;
        this.plans = plans;
        this.cycles = cycles;
        this.readings = readings;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts probing the plan's probes (nothing without probes). */
    public synchronized void start() {
        Map<String, ProbeSpec> probes = new LinkedHashMap<>();
        plans.file().probes().forEach((name, spec) -> {
            if (spec.settings().runOn() == ProbeSite.ORCHESTRATOR) {
                probes.put(name, spec);
            }
        });
        if (probes.isEmpty() || scheduler != null) {
            return;
        }
        scheduler = new ProbeScheduler(probes, new ProbeRunners(clock)::of, this::publish);
        scheduler.start();
        LOG.infof("Probing %s", probes.keySet());
    }

    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
        }
    }

    private void publish(ProbeSpec spec, ProbeAttempt attempt, Map<String, Double> metrics) {
        String source = ProbeSources.orchestrator(spec.name());
        readings.update(source, metrics);
        EngineSnapshot snapshot = cycles.running() ? cycles.snapshot() : null;
        MetricSample sample = new MetricSample(Versioned.SCHEMA_VERSION, source, SourceKind.PROBE,
                Hosts.hostname(), attempt.atMs(), snapshot == null ? null : snapshot.cycleId(),
                snapshot == null ? null : snapshot.phase(), metrics, null);
        outbound.send(samples, sample.sourceId(), sample);
        if (attempt.failed()) {
            LOG.debugf("Probe %s failed: %s", spec.name(), attempt.error());
        }
    }
}
