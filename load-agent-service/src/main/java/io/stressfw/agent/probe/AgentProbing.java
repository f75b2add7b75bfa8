package io.stressfw.agent.probe;

import io.stressfw.model.AgentProbeAssignment;
import io.stressfw.model.Checks;
import io.stressfw.model.ProbeSpec;
import io.stressfw.service.probe.ProbeRunners;
import io.stressfw.service.probe.ProbeScheduler;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The probes this agent runs for the orchestrator ({@code run_on: agents}), framework-free: the latest
 * {@link AgentProbeAssignment} heard runs on a {@link ProbeScheduler} (each probe on its own thread at its interval,
 * its rolling window kept here, so the agent reports the same statistics as the orchestrator's runner); a new
 * assignment with other probes replaces it, one with the same probes only renews its lease; an orchestrator that
 * assigns none, or whose assignment's lease ran out ({@link #expire}, on the agent's monotonic clock), stops it.
 */
public final class AgentProbing implements AutoCloseable {
    private final ProbeRunners runners;
    private final ProbeScheduler.Sink sink;
    private final LongSupplier monotonicMs;
    private Map<String, ProbeSpec> probes = Map.of();
    private ProbeScheduler scheduler;
    private long leaseEndsMs;

    public AgentProbing(ProbeRunners runners, ProbeScheduler.Sink sink, LongSupplier monotonicMs) {
        this.runners = Checks.notNull(runners, "runners");
        this.sink = Checks.notNull(sink, "sink");
        this.monotonicMs = Checks.notNull(monotonicMs, "monotonic clock");
    }

    /** An orchestrator's heartbeat with an assignment (empty: none, which stops whatever runs). */
    public synchronized void onAssignment(AgentProbeAssignment assignment) {
        leaseEndsMs = monotonicMs.getAsLong() + assignment.leaseMs();
        if (assignment.probes().equals(probes) && (scheduler != null || probes.isEmpty())) {
            return;
        }
        stopProbing();
        probes = assignment.probes();
        if (!probes.isEmpty()) {
            scheduler = new ProbeScheduler(probes, runners::of, sink);
            scheduler.start();
        }
    }

    /** An orchestrator's heartbeat that assigns no probe to the agents. */
    public synchronized void onNoAssignment() {
        stopProbing();
    }

    /** Stops probing once the lease of the last assignment ran out; true when it stopped now. */
    public synchronized boolean expire() {
        if (scheduler != null && monotonicMs.getAsLong() - leaseEndsMs >= 0) {
            stopProbing();
            return true;
        }
        return false;
    }

    /** The probes running now, by name. */
    public synchronized Map<String, ProbeSpec> running() {
        return scheduler == null ? Map.of() : probes;
    }

    private void stopProbing() {
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
        }
        probes = Map.of();
    }

    @Override
    public synchronized void close() {
        stopProbing();
    }
}
