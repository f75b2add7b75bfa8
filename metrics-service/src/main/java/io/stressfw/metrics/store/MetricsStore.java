package io.stressfw.metrics.store;

import io.stressfw.metrics.aggregation.CycleRecord;
import io.stressfw.metrics.baseline.HostBaseline;
import io.stressfw.model.MetricSample;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Where the aggregates live between restarts. Every write is whole or not at all, and is on disk (forced) when it
 * returns; a write that throws changed nothing that a later load would see. One thread calls it at a time
 * ({@link MetricsPersister}, and the start-up load before it).
 */
public interface MetricsStore {
    /** What a load found: at most {@code maxCycles} cycles, their raw samples, the baselines. */
    record Loaded(List<CycleRecord.State> cycles, Map<String, List<MetricSample>> rawSamples,
                  List<HostBaseline> baselines) {
    }

    /** Reads back at most the newest {@code maxCycles} cycles (the others are deleted) and repairs torn files. */
    Loaded load(int maxCycles);

    /** Appends raw samples to the cycle's log, every one as a whole line. */
    void appendSamples(String cycleId, List<MetricSample> samples) throws IOException;

    /** Replaces the cycle's state. */
    void writeState(String cycleId, CycleRecord.State state) throws IOException;

    /** Replaces the baselines. */
    void writeBaselines(List<HostBaseline> baselines) throws IOException;

    /** Removes everything stored about the cycle; nothing happens when there is nothing. */
    void deleteCycle(String cycleId) throws IOException;
}
