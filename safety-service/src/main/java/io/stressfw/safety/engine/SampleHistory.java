package io.stressfw.safety.engine;

import io.stressfw.safety.preflight.SourceReading;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A host's samples of the last {@code lengthMs}, oldest first, in a bounded ring: what pre-flight replays through a
 * rule's window. The maps are the samples' own (immutable) metric maps, so keeping them costs one reference each.
 * Not thread-safe.
 */
final class SampleHistory {
    private final long lengthMs;
    private final long[] times;
    private final Map<?, ?>[] metrics;
    private int head;
    private int size;

    SampleHistory(long lengthMs, int capacity) {
        this.lengthMs = lengthMs;
        this.times = new long[capacity];
        this.metrics = new Map<?, ?>[capacity];
    }

    void add(long atMs, Map<String, Double> values) {
        if (size == times.length) {
            head = (head + 1) % times.length;
            size--;
        }
        int tail = (head + size) % times.length;
        times[tail] = atMs;
        metrics[tail] = values;
        size++;
    }

    /** The samples not older than the history's length at {@code nowMs}, oldest first. */
    @SuppressWarnings("unchecked")
    List<SourceReading.Sample> recent(long nowMs) {
        List<SourceReading.Sample> recent = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int index = (head + i) % times.length;
            if (nowMs - times[index] <= lengthMs) {
                recent.add(new SourceReading.Sample(times[index], (Map<String, Double>) metrics[index]));
            }
        }
        return recent;
    }
}
