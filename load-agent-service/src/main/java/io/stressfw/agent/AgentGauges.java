package io.stressfw.agent;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.agent.control.AgentController;
import io.stressfw.agent.generator.LoadGenerator;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Prometheus gauges: per-generator target/achieved, state, held resources, last stop latency.
 *
 * <p>The gauges leave with the application that registered them: Micrometer's global registry outlives a Quarkus
 * restart in the same JVM (tests restart it per test resource), and a gauge left there keeps the id, so the next
 * start's registration would get the old gauge back, reading the previous application's generators, or nothing once
 * those are collected.
 */
@Singleton
public class AgentGauges {
    @Inject
    AgentRuntime runtime;
    @Inject
    MeterRegistry registry;

    private final List<Meter> meters = new ArrayList<>();

    AgentGauges() {
    }

    AgentGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        bind(runtime.controller());
    }

    void unregister(@Observes ShutdownEvent event) {
        unbind();
    }

    void bind(AgentController controller) {
        for (LoadGenerator g : controller.generators().all()) {
            String name = g.kind().wireName();
            own(Gauge.builder("stress.agent.generator.target.percent", g, LoadGenerator::targetPercent)
                    .tag("generator", name));
            own(Gauge.builder("stress.agent.generator.achieved.percent", g, x -> x.reading().achievedPercent())
                    .tag("generator", name));
            own(Gauge.builder("stress.agent.generator.achieved.value", g, x -> {
                Double v = x.reading().achievedValue();
                return v == null ? Double.NaN : v;
            }).tag("generator", name).tag("unit", g.reading().unit()));
            own(Gauge.builder("stress.agent.generator.cap", g, LoadGenerator::cap).tag("generator", name));
        }
        own(Gauge.builder("stress.agent.state", controller, c -> c.state().ordinal())
                .description("0 idle, 1 running, 2 stopping, 3 stopped"));
        own(Gauge.builder("stress.agent.resources.generator.threads", controller, c -> c.resources().generatorThreads()));
        own(Gauge.builder("stress.agent.resources.scratch.files", controller, c -> c.resources().scratchFiles()));
        own(Gauge.builder("stress.agent.resources.open.connections", controller, c -> c.resources().openConnections()));
        own(Gauge.builder("stress.agent.resources.allocated.memory.mb", controller, c -> c.resources().allocatedMemoryMb()));
        own(Gauge.builder("stress.agent.control.loop.live", controller, c -> c.live() ? 1 : 0)
                .description("1 while the control tick runs within its watchdog's bound"));
        own(Gauge.builder("stress.agent.clock.skew.ms", controller, c -> {
            Long skew = c.clockSkewMs();
            return skew == null ? Double.NaN : skew;
        }).description("the agent's wall clock minus the orchestrator's, command transit included"));
        own(Gauge.builder("stress.agent.last.stop.latency.ms", controller, c -> {
            Double latency = c.status().lastStopLatencyMs();
            return latency == null ? Double.NaN : latency;
        }));
    }

    void unbind() {
        meters.forEach(registry::remove);
        meters.clear();
    }

    private void own(Gauge.Builder<?> gauge) {
        meters.add(gauge.register(registry));
    }
}
