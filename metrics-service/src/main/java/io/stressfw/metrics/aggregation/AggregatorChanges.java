package io.stressfw.metrics.aggregation;

import io.stressfw.metrics.baseline.HostBaseline;
import io.stressfw.model.MetricSample;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the store has to do, as {@link MetricsAggregator#pendingChanges()} saw it: evicted cycles to delete, raw samples
 * to append, cycle states and baselines to write, each state and the baselines with the version of their last change.
 */
public record AggregatorChanges(Map<String, CycleChange> cycles, Map<String, List<MetricSample>> newRawSamples,
                                List<String> evictedCycles, Optional<BaselinesChange> baselines) {

    public boolean isEmpty() {
        return cycles.isEmpty() && newRawSamples.isEmpty() && evictedCycles.isEmpty() && baselines.isEmpty();
    }

    /** A cycle's state when the changes were taken, and the version of its last change. */
    public record CycleChange(long version, CycleRecord.State state) {
    }

    /** Every host's baseline when the changes were taken, and the version of their last change. */
    public record BaselinesChange(long version, List<HostBaseline> baselines) {
    }
}
