package io.stressfw.safety;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.stressfw.model.BreakerState;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.MetricSample;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.StopCommand;
import io.stressfw.model.Violation;
import io.stressfw.safety.engine.RuleStatus;
import io.stressfw.safety.engine.SafetyEngine;
import io.stressfw.safety.engine.SafetyOutput;
import io.stressfw.safety.kafka.SafetyOutbound;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Adapts the {@link SafetyEngine} to Kafka: feeds it samples, phase events and timer ticks, and publishes what it
 * decides through {@link SafetyOutbound} (emergency stops first), before any logging or counting. Created at start-up
 * so that an invalid rule in the configuration fails the start, naming its property.
 */
@Startup
@ApplicationScoped
public class SafetyService {
    private static final Logger LOG = Logger.getLogger(SafetyService.class);

    private final SafetyEngine engine;
    private final SafetyOutbound outbound;
    private final MeterRegistry registry;
    private final Timer evaluation;
    private final Map<String, Counter> violationCounters = new ConcurrentHashMap<>();
    private final Counter stopCommands;
    private final Counter historySkipped;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    // Monotonic: a wall-clock step (NTP, a VM resumed) must not make the timer look stopped, or alive when it is not.
    private volatile long lastTickNanos = System.nanoTime();

    @Inject
    public SafetyService(SafetyConfig config, GlobalRuleSet ruleSet, SafetyOutbound outbound, MeterRegistry registry) {
        this.engine = new SafetyEngine(config.engineSettings(), ruleSet.initialRules());
        this.outbound = outbound;
        this.registry = registry;
        this.evaluation = own(Timer.builder("stress.safety.evaluation")
                .description("Time to evaluate every rule in force on one sample")
                .publishPercentiles(0.5, 0.99)
                .register(registry));
        this.stopCommands = own(Counter.builder("stress.safety.stop.commands")
                .description("Emergency stop commands published").register(registry));
        for (BreakerState state : BreakerState.values()) {
            own(Gauge.builder("stress.safety.breakers", engine, e -> e.breakerCounts().get(state))
                    .description("Circuit breakers by state").tag("state", state.wireName()).register(registry));
        }
        own(Gauge.builder("stress.safety.rules.without.data", engine,
                        e -> e.ruleStatuses().stream().filter(s -> "no_data".equals(s.data())).count())
                .description("Rules in force whose metric no source reports").register(registry));
        this.historySkipped = own(Counter.builder("stress.safety.samples.history")
                .description("Samples skipped as history: already in the log when this instance got the partition")
                .register(registry));
        own(Gauge.builder("stress.safety.clock.skew.max.seconds", engine, e -> e.maxClockSkewMs() / 1000.0)
                .description("Largest clock skew of a source against this service, either way").register(registry));
        own(Gauge.builder("stress.safety.cycle.running", engine, e -> e.cycleRunning() ? 1 : 0)
                .description("1 while a cycle runs").register(registry));
        config.maxSampleAge().ifPresent(age -> LOG.warnf("stress.safety.max-sample-age (%s) is no longer used and can be"
                + " removed: samples already in the log at start are skipped by offset, and every live sample is"
                + " evaluated whatever its timestamp", age));
        LOG.infof("Safety rules in force (%s): %s; stale gap %s (%s)", ruleSet.origin().describe(), engine.globalRules().stream().map(r -> r.id() + ": " + r.describe()
                + " -> " + r.action().wireName()).toList(), config.stale().gap(), config.stale().action().wireName());
    }

    private <M extends Meter> M own(M meter) {
        meters.add(meter);
        return meter;
    }

    /**
     * The root registry outlives this bean (Quarkus dev mode and test restarts): meters bound to this engine must go
     * with it, or a new instance's gauges would be answered by the old, dead engine.
     */
    @PreDestroy
    void removeMeters() {
        meters.forEach(registry::remove);
    }

    public SafetyEngine engine() {
        return engine;
    }

    public void onSample(MetricSample sample) {
        long start = System.nanoTime();
        SafetyOutput out = engine.onSample(sample);
        evaluation.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        publish(out);
        out.notes().forEach(note -> LOG.warnf("Source %s: %s", sample.sourceId(), note));
    }

    /** A sample skipped as history (a replay), counted. */
    public void historySkipped() {
        historySkipped.increment();
    }

    public void onPhaseEvent(PhaseEvent event) {
        SafetyOutput out = engine.onPhaseEvent(event);
        out.notes().forEach(note -> LOG.warnf("Phase event %s (%s): %s", event.eventId(), event.type().wireName(), note));
        if (event.type() == PhaseEventType.PHASE_STARTED) {
            LOG.debugf("Phase %s of %s: phase rules %s", event.phase(), event.cycleId(), engine.phaseRules());
        }
        publish(out);
    }

    public void tick() {
        lastTickNanos = System.nanoTime();
        publish(engine.tick());
    }

    /** How long since the timer last ticked. */
    public long millisSinceLastTick() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastTickNanos);
    }

    /** Sends first and logs afterwards, so that console output never delays a stop. */
    public void publish(SafetyOutput out) {
        if (out.isEmpty()) {
            return;
        }
        outbound.send(out);
        for (StopCommand stop : out.stops()) {
            stopCommands.increment();
            LOG.warnf("EMERGENCY STOP published: %s", stop.reason());
        }
        for (Violation violation : out.violations()) {
            violationCounters.computeIfAbsent(violation.ruleId() + "|" + violation.action().wireName(),
                    k -> own(Counter.builder("stress.safety.violations").description("Safety violations raised")
                            .tag("rule", violation.ruleId()).tag("action", violation.action().wireName()).register(registry)))
                    .increment();
            LOG.warnf("Violation (%s): %s", violation.action().wireName(), violation.message());
        }
        for (BreakerTransition transition : out.transitions()) {
            LOG.infof("Breaker %s: %s -> %s (%s)", transition.breakerId(), transition.from().wireName(),
                    transition.to().wireName(), transition.reason());
        }
    }

    public List<RuleStatus> ruleStatuses() {
        return engine.ruleStatuses();
    }
}
