package io.stressfw.safety.kafka;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which records of {@code stress.samples} are history. When this instance is given a partition, every record already
 * in it (below the partition's end offset at that moment) was produced before safety-service was listening: a replay
 * from the group's committed offset after a restart, or from the earliest offset for a new group. Those records are
 * not evaluated, so a restart never raises violations about the past. The decision is the record's place in the log,
 * never its timestamp: a live sample of a host whose clock is minutes behind is evaluated like any other. A partition
 * this instance has no boundary for (none assigned yet, or the end offset could not be read) counts as live.
 *
 * <p>A partition's boundary is set once in the life of this instance, at its first assignment, and kept through every
 * rebalance after it: this instance was listening all along, so the records appended while the group rebalanced are
 * live. Moved to the end at each assignment, the boundary made every sample of the rebalance history, unevaluated and
 * unheard: after the whole machine paused for 6 s (group sessions expired), the host's samples went unheard for 2.1 s
 * and safety raised a stale source that was not silent.
 * Thread-safe: the Kafka polling thread writes, the consumer reads.
 */
@ApplicationScoped
public class SamplesReplayBoundary {
    private final Map<Integer, Long> liveFromOffset = new ConcurrentHashMap<>();

    /**
     * Partitions just assigned, each with its end offset at that moment: for a partition assigned for the first time,
     * records below it are history; one this instance had before keeps its boundary.
     */
    public void assigned(Map<Integer, Long> endOffsets) {
        endOffsets.forEach(liveFromOffset::putIfAbsent);
    }

    public boolean isHistory(int partition, long offset) {
        Long liveFrom = liveFromOffset.get(partition);
        return liveFrom != null && offset < liveFrom;
    }

    /** Partition to first live offset, for {@code GET /safety/sources}. */
    public Map<Integer, Long> liveFromOffsets() {
        return new TreeMap<>(liveFromOffset);
    }
}
