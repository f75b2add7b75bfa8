package io.stressfw.orchestrator.probe;

import io.stressfw.model.ProbeSources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest metrics of every probe source ({@code probe.<name>.<stat>} to value, a failed promql read as null): the
 * orchestrator's own probes as its runner published them, and each agent's view of a {@code run_on: agents} probe as
 * its samples arrive. What the cycle engine judges the SLO on, the steady state is checked on and the live feed
 * shows. Where several agents run one probe, each metric is the worst of them (the highest: latencies and error
 * rates, the only stats of the probes agents run), so an objective breaks when any node sees it broken. An agent's
 * reading is forgotten once it sent none for {@link #AGENT_READING_TTL_MS} (the agent left, or stopped probing).
 */
@ApplicationScoped
public class ProbeReadings {
    static final long AGENT_READING_TTL_MS = 15_000;

    private final Clock clock;
    private final Map<String, Reading> bySource = new ConcurrentHashMap<>();

    @Inject
    public ProbeReadings(Clock clock) {
        this.clock = clock;
    }

    /** A probe source's latest metrics ({@link ProbeSources}: {@code probe:<name>} or {@code probe:<name>@<agent>}). */
    public void update(String sourceId, Map<String, Double> metrics) {
        bySource.put(sourceId, new Reading(clock.millis(), metrics));
    }

    /** Every probe's metrics in one map (names are unique across probes; the worst across a probe's sources). */
    public Map<String, Double> all() {
        Map<String, Double> all = new LinkedHashMap<>();
        byProbe().values().forEach(all::putAll);
        return all;
    }

    /** The metrics of each probe by name, the worst across its sources. */
    public Map<String, Map<String, Double>> byProbe() {
        long now = clock.millis();
        Map<String, Map<String, Double>> byProbe = new LinkedHashMap<>();
        bySource.forEach((source, reading) -> {
            if (ProbeSources.agentOf(source) != null && now - reading.atMs > AGENT_READING_TTL_MS) {
                return;
            }
            Map<String, Double> merged = byProbe.computeIfAbsent(ProbeSources.probeOf(source), p -> new LinkedHashMap<>());
            reading.metrics.forEach((metric, value) -> {
                // A failed read (null) is the worst value there is: never hidden behind another source's success.
                if (!merged.containsKey(metric) || value == null) {
                    merged.put(metric, value);
                } else if (merged.get(metric) != null) {
                    merged.put(metric, Math.max(merged.get(metric), value));
                }
            });
        });
        return byProbe;
    }

    private record Reading(long atMs, Map<String, Double> metrics) {
    }
}
