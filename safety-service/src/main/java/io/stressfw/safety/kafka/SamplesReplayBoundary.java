package io.stressfw.safety.kafka;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
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
 * Thread-safe: the Kafka polling thread writes, the consumer reads.
 */
@ApplicationScoped
public class SamplesReplayBoundary {
    private final Map<Integer, Long> liveFromOffset = new ConcurrentHashMap<>();

    /** Partitions just assigned, each with its end offset at that moment: records below it are history. */
    public void assigned(Map<Integer, Long> endOffsets) {
        liveFromOffset.putAll(endOffsets);
    }

    public void revoked(Collection<Integer> partitions) {
        partitions.forEach(liveFromOffset::remove);
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
