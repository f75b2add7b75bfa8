package io.stressfw.metrics.aggregation;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts per integer bucket index in one contiguous array that grows to cover the indices seen: 8 bytes per bucket
 * between the lowest and the highest index, instead of a map entry per bucket. Not thread-safe.
 */
final class DenseBuckets {
    private long[] counts = new long[0];
    private int offset;
    private long total;

    void add(int index) {
        if (counts.length == 0) {
            counts = new long[16];
            offset = index - 8;
        } else if (index < offset || index >= offset + counts.length) {
            int low = Math.min(offset, index);
            int high = Math.max(offset + counts.length - 1, index);
            // Grow with headroom on the side that overflowed, so that a drifting value does not copy every time.
            int span = high - low + 1;
            int grown = Math.max(span, counts.length * 3 / 2);
            int newOffset = index < offset ? high - grown + 1 : low;
            long[] next = new long[grown];
            System.arraycopy(counts, 0, next, offset - newOffset, counts.length);
            counts = next;
            offset = newOffset;
        }
        counts[index - offset]++;
        total++;
    }

    long total() {
        return total;
    }

    /** The index holding the given 1-based rank counting from the lowest index, or from the highest when descending. */
    int indexAtRank(long rank, boolean descending) {
        long seen = 0;
        if (descending) {
            for (int i = counts.length - 1; i >= 0; i--) {
                seen += counts[i];
                if (seen >= rank) {
                    return i + offset;
                }
            }
        } else {
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return i + offset;
                }
            }
        }
        throw new IllegalArgumentException("rank " + rank + " beyond the " + total + " counted values");
    }

    Map<Integer, Long> toMap() {
        Map<Integer, Long> map = new TreeMap<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                map.put(i + offset, counts[i]);
            }
        }
        return map;
    }

    static DenseBuckets fromMap(Map<Integer, Long> map) {
        DenseBuckets buckets = new DenseBuckets();
        if (map == null || map.isEmpty()) {
            return buckets;
        }
        int low = map.keySet().stream().min(Integer::compare).orElseThrow();
        int high = map.keySet().stream().max(Integer::compare).orElseThrow();
        buckets.counts = new long[high - low + 1];
        buckets.offset = low;
        map.forEach((index, count) -> {
            if (count == null || count < 0) {
                throw new IllegalArgumentException("bucket counts must be >= 0");
            }
            buckets.counts[index - low] = count;
            buckets.total += count;
        });
        return buckets;
    }

    @Override
    public String toString() {
        return "DenseBuckets" + Arrays.toString(counts);
    }
}
