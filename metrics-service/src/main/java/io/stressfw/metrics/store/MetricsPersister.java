package io.stressfw.metrics.store;

import io.stressfw.metrics.aggregation.AggregatorChanges;
import io.stressfw.metrics.aggregation.MetricsAggregator;
import io.stressfw.model.MetricSample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Moves what the aggregator has pending into the store, one piece at a time, and acknowledges each piece only once the
 * store wrote it: a piece the store refuses (a full disk) stays pending and is tried again at the next persist, while
 * the pieces that could be written are. Order: evicted cycles are deleted first (a cycle id that came back is then
 * written afresh), then raw samples are appended, then states and baselines are replaced. Plain Java; one thread calls
 * it at a time.
 */
public final class MetricsPersister {
    private final MetricsAggregator aggregator;
    private final MetricsStore store;

    public MetricsPersister(MetricsAggregator aggregator, MetricsStore store) {
        this.aggregator = aggregator;
        this.store = store;
    }

    /** What one persist did: pieces written, and what failed (empty when everything pending was written). */
    public record Outcome(int written, List<String> failures) {
        public boolean failed() {
            return !failures.isEmpty();
        }
    }

    public Outcome persist() {
        AggregatorChanges changes = aggregator.pendingChanges();
        int written = 0;
        List<String> failures = new ArrayList<>(0);
        for (String cycleId : changes.evictedCycles()) {
            try {
                store.deleteCycle(cycleId);
                aggregator.evictionWritten(cycleId);
                written++;
            } catch (IOException | RuntimeException e) {
                failures.add("delete evicted cycle " + cycleId + ": " + e.getMessage());
            }
        }
        for (Map.Entry<String, List<MetricSample>> raw : changes.newRawSamples().entrySet()) {
            try {
                store.appendSamples(raw.getKey(), raw.getValue());
                aggregator.rawSamplesWritten(raw.getKey(), raw.getValue().size());
                written++;
            } catch (IOException | RuntimeException e) {
                failures.add("append " + raw.getValue().size() + " raw samples of cycle " + raw.getKey() + ": "
                        + e.getMessage());
            }
        }
        for (Map.Entry<String, AggregatorChanges.CycleChange> cycle : changes.cycles().entrySet()) {
            try {
                store.writeState(cycle.getKey(), cycle.getValue().state());
                aggregator.stateWritten(cycle.getKey(), cycle.getValue().version());
                written++;
            } catch (IOException | RuntimeException e) {
                failures.add("write the state of cycle " + cycle.getKey() + ": " + e.getMessage());
            }
        }
        if (changes.baselines().isPresent()) {
            AggregatorChanges.BaselinesChange baselines = changes.baselines().get();
            try {
                store.writeBaselines(baselines.baselines());
                aggregator.baselinesWritten(baselines.version());
                written++;
            } catch (IOException | RuntimeException e) {
                failures.add("write the baselines: " + e.getMessage());
            }
        }
        return new Outcome(written, List.copyOf(failures));
    }
}
