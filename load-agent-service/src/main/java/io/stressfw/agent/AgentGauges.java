package io.stressfw.agent;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.agent.control.AgentController;
import io.stressfw.agent.generator.LoadGenerator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Prometheus gauges: per-generator target/achieved, state, held resources, last stop latency. */
@ApplicationScoped
public class AgentGauges {
    @Inject
    AgentRuntime runtime;
    @Inject
    MeterRegistry registry;

    void register(@Observes StartupEvent event) {
        AgentController controller = runtime.controller();
        for (LoadGenerator g : controller.generators().all()) {
            String name = g.kind().wireName();
            Gauge.builder("stress.agent.generator.target.percent", g, LoadGenerator::targetPercent)
                    .tag("generator", name).register(registry);
            Gauge.builder("stress.agent.generator.achieved.percent", g, x -> x.reading().achievedPercent())
                    .tag("generator", name).register(registry);
            Gauge.builder("stress.agent.generator.achieved.value", g, x -> {
                Double v = x.reading().achievedValue();
                return v == null ? Double.NaN : v;
            }).tag("generator", name).tag("unit", g.reading().unit()).register(registry);
            Gauge.builder("stress.agent.generator.cap", g, LoadGenerator::cap).tag("generator", name).register(registry);
        }
        Gauge.builder("stress.agent.state", controller, c -> c.state().ordinal())
                .description("0 idle, 1 running, 2 stopping, 3 stopped").register(registry);
        Gauge.builder("stress.agent.resources.generator.threads", controller, c -> c.resources().generatorThreads()).register(registry);
        Gauge.builder("stress.agent.resources.scratch.files", controller, c -> c.resources().scratchFiles()).register(registry);
        Gauge.builder("stress.agent.resources.open.connections", controller, c -> c.resources().openConnections()).register(registry);
        Gauge.builder("stress.agent.resources.allocated.memory.mb", controller, c -> c.resources().allocatedMemoryMb()).register(registry);
        Gauge.builder("stress.agent.control.loop.live", controller, c -> c.live() ? 1 : 0)
                .description("1 while the control tick runs within its watchdog's bound").register(registry);
        Gauge.builder("stress.agent.clock.skew.ms", controller, c -> {
            Long skew = c.clockSkewMs();
            return skew == null ? Double.NaN : skew;
        }).description("the agent's wall clock minus the orchestrator's, command transit included").register(registry);
        Gauge.builder("stress.agent.last.stop.latency.ms", controller, c -> {
            Double latency = c.status().lastStopLatencyMs();
            return latency == null ? Double.NaN : latency;
        }).register(registry);
    }
}
