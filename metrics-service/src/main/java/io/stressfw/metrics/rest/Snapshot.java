package io.stressfw.metrics.rest;

import io.stressfw.metrics.aggregation.CurrentPhase;
import io.stressfw.metrics.baseline.BaselineWindow;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.Phase;

import java.util.Map;

/**
 * Everything known now: the phase under way and the latest sample of every host and agent heard within the source
 * retention. A source's {@code age_ms} is how long ago this instance received its latest sample (its own clock, so a
 * source whose clock is off still shows its true age); {@code timestamp_ms} is the sample's own stamp.
 */
public record Snapshot(long timestampMs, CurrentPhase current, Map<String, SourceSnapshot> hosts,
                       Map<String, SourceSnapshot> agents, Map<String, SourceSnapshot> probes,
                       BaselineWindow baselineCollecting) {

    public record SourceSnapshot(String host, long timestampMs, long ageMs, String cycleId, Phase phase,
                                 Map<String, Double> metrics, Map<String, GeneratorReading> generators) {
    }
}
