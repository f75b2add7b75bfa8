package io.stressfw.agent;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.agent.control.AgentStatus;
import io.stressfw.agent.kafka.AgentKafka;
import io.stressfw.agent.kafka.AgentProducer;
import io.stressfw.agent.probe.AgentProbing;
import io.stressfw.model.AgentProbeAssignment;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.MalformedMessageException;
import io.stressfw.model.MetricSample;
import io.stressfw.model.ProbeSources;
import io.stressfw.model.ProbeSpec;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.service.AwakeTime;
import io.stressfw.service.Hosts;
import io.stressfw.service.probe.ProbeAttempt;
import io.stressfw.service.probe.ProbeRunners;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the probes the orchestrator assigns to the agents ({@code run_on: agents}, in its heartbeats: see
 * {@link AgentProbeAssignment}) and publishes each attempt on {@code stress.samples} as a {@code probe} sample keyed
 * and identified {@code probe:<name>@<agent id>}, from this agent's host, tagged with the cycle and phase it runs: the
 * service as this node sees it. A heartbeat whose assignment cannot be read is dead-lettered by {@link PeerConsumer}
 * and changes nothing.
 */
@Singleton
public class AgentProbePublisher {
    private static final Logger LOG = Logger.getLogger(AgentProbePublisher.class);

    private final AgentProducer producer;
    private final AgentRuntime runtime;
    private final AgentProbing probing;
    private ScheduledExecutorService leaseTimer;

    @Inject
    public AgentProbePublisher(AgentKafka kafka, AgentRuntime runtime) {
        this.producer = kafka.producer();
        this.runtime = runtime;
        this.probing = new AgentProbing(new ProbeRunners(Clock.systemUTC()), this::publish,
                AwakeTime.system()::millis);
    }

    /** Any heartbeat: an orchestrator's carries the assignment (or none). Throws when it cannot be read. */
    public void onHeartbeat(Heartbeat heartbeat) throws MalformedMessageException {
        if (heartbeat.kind() != ServiceKind.ORCHESTRATOR) {
            return;
        }
        Map<String, ProbeSpec> before = probing.running();
        AgentProbeAssignment.from(heartbeat).ifPresentOrElse(probing::onAssignment, probing::onNoAssignment);
        Map<String, ProbeSpec> now = probing.running();
        if (!now.equals(before)) {
            LOG.infof("Probing %s for the orchestrator %s", now.keySet(), heartbeat.instanceId());
        }
    }

    /** The probes running now, by name. */
    public Map<String, ProbeSpec> running() {
        return probing.running();
    }

    void onStart(@Observes StartupEvent event) {
        leaseTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-probe-lease");
            t.setDaemon(true);
            return t;
        });
        leaseTimer.scheduleWithFixedDelay(() -> {
            if (probing.expire()) {
                LOG.warn("Stopped probing: no orchestrator heartbeat within the assignment's lease");
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (leaseTimer != null) {
            leaseTimer.shutdownNow();
        }
        probing.close();
    }

    private void publish(ProbeSpec spec, ProbeAttempt attempt, Map<String, Double> metrics) {
        AgentStatus status = runtime.controller().status();
        String agent = runtime.controller().agentId();
        MetricSample sample = new MetricSample(Versioned.SCHEMA_VERSION, ProbeSources.agent(spec.name(), agent),
                SourceKind.PROBE, Hosts.hostname(), attempt.atMs(), status.cycleId(), status.phase(), metrics, null);
        producer.send(Topics.SAMPLES, sample.sourceId(), sample, Logger.Level.WARN);
        if (attempt.failed()) {
            LOG.debugf("Probe %s failed: %s", spec.name(), attempt.error());
        }
    }
}
