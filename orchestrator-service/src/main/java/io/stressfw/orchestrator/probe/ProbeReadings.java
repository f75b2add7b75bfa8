package io.stressfw.orchestrator.probe;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest metrics of every probe ({@code probe.<name>.<stat>} to value, a failed promql read as null), as the
 * probe runner last published them: what the cycle engine judges the SLO on and the live feed shows.
 */
@ApplicationScoped
public class ProbeReadings {
    private final Map<String, Map<String, Double>> byProbe = new ConcurrentHashMap<>();

    public void update(String probe, Map<String, Double> metrics) {
        byProbe.put(probe, metrics);
    }

    /** Every probe's metrics in one map (names are unique across probes). */
    public Map<String, Double> all() {
        Map<String, Double> all = new java.util.LinkedHashMap<>();
        byProbe.values().forEach(all::putAll);
        return all;
    }

    public Map<String, Map<String, Double>> byProbe() {
        return Map.copyOf(byProbe);
    }
}
