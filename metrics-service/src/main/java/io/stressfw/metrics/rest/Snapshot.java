package io.stressfw.metrics.rest;

import io.stressfw.metrics.aggregation.CurrentPhase;
import io.stressfw.metrics.baseline.BaselineWindow;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.Phase;

import java.util.Map;

/** Everything known now: the phase under way and the latest sample of every host and agent. */
public record Snapshot(long timestampMs, CurrentPhase current, Map<String, SourceSnapshot> hosts,
                       Map<String, SourceSnapshot> agents, Map<String, SourceSnapshot> probes,
                       BaselineWindow baselineCollecting) {

    public record SourceSnapshot(String host, long timestampMs, long ageMs, String cycleId, Phase phase,
                                 Map<String, Double> metrics, Map<String, GeneratorReading> generators) {
    }
}
