package io.stressfw.metrics.aggregation;

import io.stressfw.metrics.baseline.HostBaseline;
import io.stressfw.model.MetricSample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What changed since the store last wrote it: cycles whose state changed, raw samples not yet appended, evicted cycles
 * not yet deleted, baselines. Nothing leaves until the store says it was written ({@code *Written}): a write that
 * fails (a full disk) leaves it here for the next try. Each change carries a version, so a change made while the
 * store was writing an older one stays pending. Raw samples only grow at the end, so "the first n were written"
 * removes exactly those. Not thread-safe: the aggregator calls it under its lock.
 */
final class PendingChanges {
    private long version;
    private final Map<String, Long> cycles = new LinkedHashMap<>();
    private final Map<String, List<MetricSample>> raw = new LinkedHashMap<>();
    private final Set<String> evicted = new LinkedHashSet<>();
    private long baselines;

    void cycleChanged(String cycleId) {
        cycles.put(cycleId, ++version);
    }

    void rawAdded(String cycleId, MetricSample sample) {
        raw.computeIfAbsent(cycleId, id -> new ArrayList<>()).add(sample);
    }

    /** The cycle's directory is to be deleted; what was pending for it is moot. */
    void cycleEvicted(String cycleId) {
        cycles.remove(cycleId);
        raw.remove(cycleId);
        evicted.add(cycleId);
    }

    void baselinesChanged() {
        baselines = ++version;
    }

    /** A copy of everything pending, with the states and baselines as they are now. */
    AggregatorChanges snapshot(Function<String, CycleRecord.State> stateOf, Supplier<List<HostBaseline>> baselineList) {
        Map<String, AggregatorChanges.CycleChange> states = new LinkedHashMap<>();
        cycles.forEach((id, v) -> states.put(id, new AggregatorChanges.CycleChange(v, stateOf.apply(id))));
        Map<String, List<MetricSample>> samples = new LinkedHashMap<>();
        raw.forEach((id, list) -> samples.put(id, List.copyOf(list)));
        return new AggregatorChanges(states, samples, List.copyOf(evicted),
                baselines == 0 ? Optional.empty() : Optional.of(new AggregatorChanges.BaselinesChange(baselines,
                        baselineList.get())));
    }

    void stateWritten(String cycleId, long writtenVersion) {
        cycles.remove(cycleId, writtenVersion);
    }

    void rawWritten(String cycleId, int count) {
        List<MetricSample> list = raw.get(cycleId);
        if (list == null) {
            return;
        }
        list.subList(0, Math.min(count, list.size())).clear();
        if (list.isEmpty()) {
            raw.remove(cycleId);
        }
    }

    void evictionWritten(String cycleId) {
        evicted.remove(cycleId);
    }

    void baselinesWritten(long writtenVersion) {
        if (baselines == writtenVersion) {
            baselines = 0;
        }
    }

    boolean isEmpty() {
        return cycles.isEmpty() && raw.isEmpty() && evicted.isEmpty() && baselines == 0;
    }

    /** Raw samples waiting to be appended, over all cycles. */
    int rawWaiting() {
        return raw.values().stream().mapToInt(List::size).sum();
    }
}
